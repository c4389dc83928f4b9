import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { ContactsService } from '../contacts/contacts.service';
import { OneTimeLinks } from '../one-time-links/one-time-links.service';
import { passwordLinkInvalid } from './portal-auth.errors';

/** Contacts setting their portal password through a one-time link. */
@Injectable()
export class PortalPasswords {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly links: OneTimeLinks,
    private readonly contacts: ContactsService,
  ) {}

  /** Sends a reset link if the email is an active contact's; answers the same either way. */
  forgot(email: string): Promise<void> {
    return this.contacts.requestPasswordReset(email);
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
