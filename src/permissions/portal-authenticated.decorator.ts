import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { PORTAL_BEARER_SCHEME } from '@app/common';
import type { PortalPermission } from './portal-permissions';

export const PORTAL_REQUIREMENT = 'crm:portalRequirement';

export interface PortalRequirement {
  /** The portal area the route belongs to; null: any signed-in contact (their own profile, say). */
  area: PortalPermission | null;
}

/**
 * The one decorator a portal route carries, as `@Authenticated` is for staff routes: the
 * route takes a contact's portal token only (never a staff token), and the contact needs the
 * permission of `area` when one is named (403 otherwise). It documents the portal bearer
 * scheme and the requirement in OpenAPI in the same line.
 */
export function PortalAuthenticated(area: PortalPermission | null = null): MethodDecorator & ClassDecorator {
  const requirement: PortalRequirement = { area };
  return applyDecorators(
    SetMetadata(PORTAL_REQUIREMENT, requirement),
    ApiBearerAuth(PORTAL_BEARER_SCHEME),
    ApiExtension('x-required-portal-permission', area === null ? [] : [area]),
  );
}
