import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, validateBody } from '@app/common';
import type { Actor, ContactActor } from '../permissions/actor';
import { PORTAL_REQUIREMENT, PortalRequirement } from '../permissions/portal-authenticated.decorator';
import { PortalContacts } from '../contacts/portal-contacts.service';
import { AUTH_REQUIREMENT, AuthRequirement } from '../permissions/authenticated.decorator';
import { forbidden, unauthenticated } from './auth.errors';
import { StaffService } from '../staff/staff.service';
import { LoginDto } from './dto/auth.dto';
import { PORTAL_AUDIENCE, STAFF_AUDIENCE, TokenService, bearerToken } from './token.service';

/** A route that declares nothing is for administrators only: nothing is open by omission. */
const UNDECLARED: AuthRequirement = { anyOf: [], adminOnly: true };

/**
 * The global guard: every route needs a valid access token unless marked `@Public()`. A
 * staff route (`@Authenticated(...)`, or nothing declared) takes a staff token and the
 * capability it declares; a portal route (`@PortalAuthenticated(...)`) takes a contact's
 * portal token and the portal area it names. Neither takes the other's token (each has its
 * own audience). The person is read fresh on every request, so a change of permissions or a
 * deactivation applies at once, and a token issued before the person's sessions ended
 * (signed out everywhere, password changed) is refused at once, remembered or not; a
 * database that cannot answer is not an authentication failure (503, not 401).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly staff: StaffService,
    private readonly contacts: PortalContacts,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: { authorization?: string }; user?: Actor }>();
    const token = bearerToken(request.headers.authorization);
    const portal = this.reflector.getAllAndOverride<PortalRequirement>(PORTAL_REQUIREMENT, targets);
    if (portal) {
      const contact = token ? await this.contactOf(token) : undefined;
      if (!contact) throw unauthenticated();
      request.user = contact;
      if (portal.area !== null && !contact.may(portal.area)) throw forbidden();
      return true;
    }
    const access = token ? this.tokens.accessOf(token, STAFF_AUDIENCE) : undefined;
    const actor = access ? await this.staff.loadActor(access.subject, access.issuedAt) : undefined;
    if (!actor) throw unauthenticated();
    request.user = actor;
    const requirement = this.reflector.getAllAndOverride<AuthRequirement>(AUTH_REQUIREMENT, targets) ?? UNDECLARED;
    const allowed = requirement.adminOnly
      ? actor.isAdmin
      : requirement.anyOf.length === 0 || actor.canAny(requirement.anyOf);
    if (!allowed) throw forbidden();
    return true;
  }

  /**
   * The contact of a portal token. A login as client also needs its administrator still an
   * active administrator whose sessions have not ended since.
   */
  private async contactOf(token: string): Promise<ContactActor | undefined> {
    const access = this.tokens.accessOf(token, PORTAL_AUDIENCE);
    if (!access) return undefined;
    if (access.impersonatedBy !== null) {
      const admin = await this.staff.loadActor(access.impersonatedBy, access.issuedAt);
      if (!admin?.isAdmin) return undefined;
    }
    return this.contacts.loadActor(access.subject, access.issuedAt, access.impersonatedBy);
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
