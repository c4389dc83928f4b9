import { Injectable } from '@nestjs/common';
import type { PortalPermission } from '../permissions/portal-permissions';
import { ContactsRepository } from './contacts.repository';
import type { EmailNotifications } from './email-notifications';

/** A contact a document may be emailed to. */
export interface DocumentRecipient {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

/** Which documents a recipient gets: the portal permission to see them and the email notification to receive them. */
export interface RecipientRule {
  permission: PortalPermission;
  notification: keyof EmailNotifications;
}

/**
 * The contacts a customer's documents are emailed to: active ones who hold the portal
 * permission of the document's area and have its email notification on. A contact who may
 * not see a document is never sent it.
 */
@Injectable()
export class DocumentRecipients {
  constructor(private readonly contacts: ContactsRepository) {}

  /**
   * Every such contact of the customer, or of those `chosen`; null when a chosen id names no
   * such contact (another customer's, an inactive one, one without the permission or with
   * the notification off).
   */
  async of(customerId: string, rule: RecipientRule, chosen?: readonly string[]): Promise<DocumentRecipient[] | null> {
    const eligible = (await this.contacts.activeOfCustomer(customerId)).filter(
      (contact) => contact.permissions.includes(rule.permission) && contact.emailNotifications[rule.notification],
    );
    const picked = chosen ? eligible.filter((contact) => chosen.includes(contact.id)) : eligible;
    if (chosen && picked.length !== new Set(chosen).size) return null;
    return picked.map(({ id, firstName, lastName, email }) => ({ id, firstName, lastName, email }));
  }
}
