import { Injectable } from '@nestjs/common';
import type { PortalPermission } from '../permissions/portal-permissions';
import { ContactRecipientsRepository } from './contact-recipients.repository';

/** A contact an email is addressed to, as it is now. */
export interface ContactRecipient {
  /** Its email, lower-cased as the outbox keeps addresses. */
  emailKey: string;
  active: boolean;
  customerActive: boolean;
  permissions: readonly PortalPermission[];
}

/**
 * What the outbox worker asks about the contact of an email before it sends it: a part of
 * the contacts module in a folder of its own, below mail, so that mail never reads the
 * contacts table and the contacts module (which sends mail) is not imported by mail.
 */
@Injectable()
export class ContactRecipients {
  constructor(private readonly rows: ContactRecipientsRepository) {}

  /** The contact as it is now; null when it no longer exists. */
  async contact(contactId: string): Promise<ContactRecipient | null> {
    const contact = await this.rows.findWithCustomer(contactId);
    if (!contact?.customer) return null;
    return {
      emailKey: contact.emailKey,
      active: contact.active,
      customerActive: contact.customer.active,
      permissions: contact.permissions,
    };
  }
}
