import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { caseKey } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AppConfig } from '../config/environment';
import { ContactPasswords } from '../contacts/contact-passwords.service';
import { OneTimeLinks } from '../one-time-links/one-time-links.service';
import { ThrottleStore } from '../throttling/throttle-store';
import { passwordLinkInvalid } from './portal-auth.errors';

/** The counter of reset requests for one address (a digest: any address fits the key, none is stored in it). */
const resetRequestsKey = (email: string) =>
  `password-reset:email:${createHash('sha256').update(caseKey(email)).digest('base64url')}`;

/** Contacts setting their portal password through a one-time link. */
@Injectable()
export class PortalPasswords {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly links: OneTimeLinks,
    private readonly contacts: ContactPasswords,
    private readonly throttle: ThrottleStore,
    private readonly config: AppConfig,
  ) {}

  /**
   * Sends a reset link if the email is an active contact's; answers the same either way.
   * Requests are counted per address, known or not, in the database (every instance counts
   * alike): beyond PASSWORD_RESET_MAX_PER_EMAIL in the window, a request does nothing more.
   */
  async forgot(email: string): Promise<void> {
    const { maxPerEmail, windowSeconds } = this.config.passwordReset;
    const { hits } = await this.throttle.hit(resetRequestsKey(email), windowSeconds * 1000);
    if (hits > maxPerEmail) return;
    await this.contacts.requestPasswordReset(email);
  }

  /**
   * Sets the password with a set-password or password-reset link: the link is used (once,
   * and the contact's other open links with it) and the password set in one transaction,
   * only while the contact still has the address the link was sent to; any reason to refuse
   * is the same 400. The password is hashed only for a link that looks
   * usable, so junk tokens cost one read.
   */
  async reset(token: string, password: string): Promise<void> {
    const link = await this.links.usable(token);
    if (!link) throw passwordLinkInvalid();
    const passwordHash = await this.contacts.hashPassword(password);
    await this.connection.transaction(async () => {
      const contactId = await this.links.consume(link);
      const set = contactId !== null && (await this.contacts.setPasswordByLink(contactId, link.emailKey, passwordHash));
      if (!set) throw passwordLinkInvalid();
    });
  }
}
