import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { BEARER_SCHEME } from '@app/common';
import type { Capability } from './capabilities';

export const AUTH_REQUIREMENT = 'crm:authRequirement';

export interface AuthRequirement {
  /** Any one of these capabilities admits the caller; none listed: any signed-in staff member. */
  anyOf: Capability[];
  adminOnly: boolean;
}

/**
 * The one decorator a protected route carries: it states the capability the route needs
 * and documents the bearer scheme and the requirement in OpenAPI, in the same line.
 */
export function Authenticated(
  requirement: Capability | Capability[] | { adminOnly: true } = [],
): MethodDecorator & ClassDecorator {
  const resolved: AuthRequirement =
    typeof requirement === 'object' && !Array.isArray(requirement)
      ? { anyOf: [], adminOnly: true }
      : { anyOf: Array.isArray(requirement) ? requirement : [requirement], adminOnly: false };
  const described = resolved.adminOnly ? ['administrator'] : resolved.anyOf;
  return applyDecorators(
    SetMetadata(AUTH_REQUIREMENT, resolved),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-required-permissions', described),
  );
}
