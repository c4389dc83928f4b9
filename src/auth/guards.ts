import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, validateBody } from '@app/common';
import { StaffActor } from '../permissions/actor';
import { AUTH_REQUIREMENT, AuthRequirement } from '../permissions/authenticated.decorator';
import { forbidden, unauthenticated } from './auth.errors';
import { StaffService } from '../staff/staff.service';
import { LoginDto } from './dto/auth.dto';
import { TokenService, bearerToken } from './token.service';

/** A route that declares nothing is for administrators only: nothing is open by omission. */
const UNDECLARED: AuthRequirement = { anyOf: [], adminOnly: true };

/**
 * The global guard: every route needs a valid staff access token unless marked
 * `@Public()`, then the capability its `@Authenticated(...)` declares. The staff member is
 * read fresh on every request, so a change of capabilities or a deactivation applies at
 * once; a database that cannot answer is not an authentication failure (503, not 401).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly staff: StaffService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: { authorization?: string }; user?: StaffActor }>();
    const token = bearerToken(request.headers.authorization);
    const staffId = token ? this.tokens.staffOf(token) : undefined;
    const actor = staffId ? await this.staff.loadActor(staffId) : undefined;
    if (!actor) throw unauthenticated();
    request.user = actor;
    const requirement = this.reflector.getAllAndOverride<AuthRequirement>(AUTH_REQUIREMENT, targets) ?? UNDECLARED;
    const allowed = requirement.adminOnly
      ? actor.isAdmin
      : requirement.anyOf.length === 0 || actor.canAny(requirement.anyOf);
    if (!allowed) throw forbidden();
    return true;
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
