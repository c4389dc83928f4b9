import { Injectable } from '@nestjs/common';
import { invalidCredentials } from '../auth/auth.errors';
import { LoginThrottle } from '../auth/login-throttle';
import { PORTAL_AUDIENCE, TokenPair, TokenService } from '../auth/token.service';
import type { Contact } from '../contacts/contact.entity';
import { PortalContacts } from '../contacts/portal-contacts.service';
import { ContactActor } from '../permissions/actor';
import { SessionsService, invalidRefreshToken } from '../sessions/sessions.service';

const SCOPE = 'portal-login';
/** Stands for an unknown email where a contact id is looked up, so that both cases do the same work. */
const NO_ONE = '00000000-0000-0000-0000-000000000000';

/**
 * Contacts signing into the portal: a pair of tokens of the portal's own audience, through
 * the sessions staff use (refresh tokens rotated, a reused one ends its session), throttled
 * like staff sign-in (failures per client address and per email, in the database).
 */
@Injectable()
export class PortalSignIn {
  constructor(
    private readonly contacts: PortalContacts,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * An unknown email, a wrong password, no password set, an inactive contact or customer and
   * a registration not yet confirmed are the same 401 INVALID_CREDENTIALS, after the same
   * work. The session generation is read before the password hash that is checked, so a
   * session opened with a password that changes meanwhile is never refreshed.
   */
  async login(ip: string, email: string, password: string): Promise<TokenPair> {
    const attempt = await this.throttle.begin(SCOPE, ip, email);
    let signedIn: { contact: Contact; generation: number } | null;
    try {
      const candidate = await this.contacts.byEmail(email);
      const generation = await this.sessions.generationOf('contact', candidate?.id ?? NO_ONE);
      const contact = await this.contacts.check(email, password, candidate);
      signedIn = contact ? { contact, generation } : null;
    } catch (error) {
      await this.throttle.abandoned(attempt).catch(() => undefined);
      throw error;
    }
    if (!signedIn) throw invalidCredentials();
    await this.throttle.succeeded(attempt);
    await this.contacts.recordLogin(signedIn.contact, password);
    return this.tokens.issue('contact', signedIn.contact.id, PORTAL_AUDIENCE, signedIn.generation);
  }

  /** A new pair for a contact's refresh token; a staff member's, or one of a contact who may no longer sign in, ends its session: 401. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const current = await this.sessions.find(refreshToken);
    if (!current) throw invalidRefreshToken();
    if (current.subjectType !== 'contact' || !(await this.contacts.loadActor(current.subjectId))) {
      await this.sessions.revokeFamily(current);
      throw invalidRefreshToken();
    }
    const next = await this.sessions.rotate(current);
    return this.tokens.pair(current.subjectId, PORTAL_AUDIENCE, next);
  }

  /**
   * Ends the session of `refreshToken` (the contact's own), or with `all` (or without a
   * token) every session of the contact, its access tokens included. A login as client has
   * no session of the contact's to end: its token lapses within 15 minutes.
   */
  async logout(actor: ContactActor, refreshToken: string | undefined, all: boolean): Promise<void> {
    if (actor.impersonated) return;
    if (all || !refreshToken) return this.contacts.endSessions([actor.id]);
    const token = await this.sessions.find(refreshToken);
    if (token && token.subjectType === 'contact' && token.subjectId === actor.id) {
      await this.sessions.revokeFamily(token);
    }
  }
}
