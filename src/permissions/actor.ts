import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Capability } from './capabilities';
import type { PortalPermission } from './portal-permissions';

/** A signed-in staff member as loaded for this request (never from token claims). */
export class StaffActor {
  readonly kind = 'staff' as const;

  constructor(
    readonly id: string,
    readonly email: string,
    readonly isAdmin: boolean,
    readonly permissions: ReadonlySet<Capability>,
    readonly language: string | null,
  ) {}

  can(capability: Capability): boolean {
    return this.isAdmin || this.permissions.has(capability);
  }

  canAny(capabilities: readonly Capability[]): boolean {
    return capabilities.some((c) => this.can(c));
  }
}

/**
 * A signed-in contact of a customer, on the portal, as loaded for this request by primary
 * key (the contact and its customer active, its permissions and its customer's language),
 * never from token claims. `impersonatedBy` is the administrator who logged in as this
 * client (`POST customers/{id}/login-as-client`): what the session changes is recorded with
 * that administrator as actor.
 */
export class ContactActor {
  readonly kind = 'contact' as const;

  constructor(
    readonly id: string,
    readonly customerId: string,
    readonly email: string,
    readonly isPrimary: boolean,
    readonly permissions: ReadonlySet<PortalPermission>,
    /** The customer's language; null means the system default. */
    readonly language: string | null,
    readonly impersonatedBy: string | null = null,
  ) {}

  may(area: PortalPermission): boolean {
    return this.permissions.has(area);
  }

  get impersonated(): boolean {
    return this.impersonatedBy !== null;
  }
}

export type Actor = StaffActor | ContactActor;

/** The acting user of the request, for the first argument of service methods. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ user: Actor }>().user;
});
