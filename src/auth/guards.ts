import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, validateBody } from '@app/common';
import { StaffActor } from '../permissions/actor';
import { AUTH_REQUIREMENT, AuthRequirement } from '../permissions/authenticated.decorator';
import { forbidden, unauthenticated } from './auth.errors';
import { LoginDto } from './dto/auth.dto';

/** A route that declares nothing is for administrators only: nothing is open by omission. */
const UNDECLARED: AuthRequirement = { anyOf: [], adminOnly: true };

/**
 * The global guard: every route needs a valid staff access token unless marked
 * `@Public()`, then the capability its `@Authenticated(...)` declares.
 */
@Injectable()
export class AccessGuard extends AuthGuard('staff-jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const actor = context.switchToHttp().getRequest<{ user: StaffActor }>().user;
    const requirement = this.reflector.getAllAndOverride<AuthRequirement>(AUTH_REQUIREMENT, targets) ?? UNDECLARED;
    const allowed = requirement.adminOnly
      ? actor.isAdmin
      : requirement.anyOf.length === 0 || actor.canAny(requirement.anyOf);
    if (!allowed) throw forbidden();
    return true;
  }

  /** A bad or missing token is a 401; a failure to check it (the database down, say) is not. */
  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw unauthenticated();
    return user;
  }
}

/** Validates the login body (400 with the fields) before the local strategy checks the credentials. */
@Injectable()
export class LoginGuard extends AuthGuard('staff-local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    validateBody(LoginDto, context.switchToHttp().getRequest<{ body: unknown }>().body);
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw unauthenticated();
    return user;
  }
}
