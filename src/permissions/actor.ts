import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Capability } from './capabilities';

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

export type Actor = StaffActor;

/** The acting user of the request, for the first argument of service methods. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ user: Actor }>().user;
});
