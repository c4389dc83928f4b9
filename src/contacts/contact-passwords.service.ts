import { Injectable } from '@nestjs/common';
import { caseKey } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import {
  type CustomerOfRecipient,
  forgotPasswordEmail,
  forgotPasswordOfNobody,
  passwordChangedEmail,
} from '../mail/contact-emails';
import { MailService } from '../mail/mail.service';
import { PasswordHasher } from '../passwords/password-hasher';
import type { ContactActor } from '../permissions/actor';
import { SessionsService } from '../sessions/sessions.service';
import type { Contact } from './contact.entity';
import { ContactsRepository } from './contacts.repository';

/**
 * The contacts' side of the portal password flow: who may use the portal, the reset link
 * to queue, the password set through a one-time link, and a contact's own change. The links themselves and the
 * counting of requests belong to the portal's sign-in (`portal-auth`).
 */
@Injectable()
export class ContactPasswords {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly contacts: ContactsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly sessions: SessionsService,
  ) {}

  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  /**
   * Queues a password-reset link for the active contact with this email (whatever its case)
   * of an active customer. For any other address the request is recorded as a cancelled email
   * instead: the same read and the same write run either way, so neither the answer nor the
   * time it takes tells whether the address is known.
   */
  async requestPasswordReset(email: string): Promise<void> {
    await this.connection.transaction(async () => {
      const found = await this.contacts.portalUserByEmailKey(caseKey(email));
      if (found) await this.mail.enqueue(forgotPasswordEmail(found.contact, found.customer));
      else await this.mail.recordCancelled(forgotPasswordOfNobody(email), 'no active contact with this address');
    });
  }

  /**
   * Sets the password (hashed with `hashPassword`) of a contact who proved it holds a one-time
   * link (the portal's set-password and reset-password pages) sent to `emailKey`, in the
   * caller's transaction: the contact must still have that address, and it and its customer
   * must be active; answers false otherwise. See `changed` for what follows.
   */
  async setPasswordByLink(contactId: string, emailKey: string, passwordHash: string): Promise<boolean> {
    return this.connection.transaction(async () => {
      const found = await this.contacts.portalUserByIdAndEmailKey(contactId, emailKey);
      if (!found) return false;
      const { contact, customer } = found;
      const now = new Date();
      // Guarded: a contact deactivated or given another address meanwhile keeps its password.
      if (!(await this.contacts.setPasswordIfCurrent(contactId, emailKey, passwordHash, now))) return false;
      await this.changed({ contactId }, contact, customer, now);
      return true;
    });
  }

  /**
   * The signed-in contact's own change, with the password in use (false when it is wrong,
   * after the same hash check as a right one). See `changed` for what follows.
   */
  async changeOwn(actor: ContactActor, current: string, next: string): Promise<boolean> {
    const found = await this.contacts.portalContact({ id: actor.id });
    const hash = found?.contact.passwordHash;
    const valid = hash ? await this.hasher.verify(hash, current) : await this.hasher.verifyNothing(current);
    if (!found || !valid) return false;
    const passwordHash = await this.hasher.hash(next);
    return this.connection.transaction(async () => {
      const now = new Date();
      if (!(await this.contacts.setOwnPassword(actor.id, passwordHash, now))) return false;
      await this.changed(actor, found.contact, found.customer, now);
      return true;
    });
  }

  /**
   * What follows a new password, in its transaction (whose write also marked the contact's
   * access tokens ended): every session of the contact ends, the change is in the customer's
   * activity (that the password changed, never the password), and the contact gets an email
   * saying so.
   */
  private async changed(
    actor: ContactActor | { contactId: string },
    contact: Contact,
    customer: CustomerOfRecipient,
    now: Date,
  ): Promise<void> {
    await this.sessions.revokeAll('contact', contact.id);
    await this.audit.record(actor, [
      {
        customerId: contact.customerId,
        entityType: 'contact',
        entityId: contact.id,
        action: 'update',
        before: { passwordSet: contact.passwordHash !== null },
        after: { passwordSet: true, passwordChanged: true },
      },
    ]);
    await this.mail.enqueue(passwordChangedEmail(contact, customer, now));
  }
}
