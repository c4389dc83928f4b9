import { Injectable } from '@nestjs/common';
import { caseKey } from '@app/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { PortalPermission } from '../permissions/portal-permissions';
import { Contact } from './contact.entity';
import { granted, insertContact, newContactRow } from './contact-rows';
import { ContactOutreach } from './contact-outreach.service';
import { ContactsRepository } from './contacts.repository';
import { PortalContacts } from './portal-contacts.service';
import type { PrimaryContactDto } from './dto/contact.dto';
import { notificationsFor } from './email-notifications';

/**
 * What the customers module asks of the contacts while it changes a customer, in its
 * transaction: the primary contact of a new customer, whose email it is, the names and
 * emails for the customer's search terms, and the end of the contacts' outreach when the
 * customer is deactivated.
 */
@Injectable()
export class ContactsForCustomers {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly hasher: PasswordHasher,
    private readonly outreach: ContactOutreach,
    private readonly portal: PortalContacts,
  ) {}

  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  /** The primary contact of a new customer; its email is unique across all contacts, whatever the case. */
  async createPrimary(
    customerId: string,
    dto: PrimaryContactDto,
    permissions: readonly PortalPermission[] | undefined,
    passwordHash: string | null,
    active = true,
  ): Promise<Contact> {
    const permitted = granted(permissions);
    const now = new Date();
    const contact: Contact = newContactRow(
      customerId,
      dto,
      {
        passwordHash,
        isPrimary: true,
        active,
        permissions: permitted,
        emailNotifications: notificationsFor(permitted),
      },
      now,
    );
    await insertContact(this.contacts, contact);
    return contact;
  }

  /** Activates the customer's primary contact (a registration confirmed), answering it; null when it has none. */
  async activatePrimary(customerId: string): Promise<Contact | null> {
    return this.contacts.activatePrimaryOf(customerId, new Date());
  }

  /** The contact with this email (case-insensitively) and its customer, if any: who a registration with it is told about. */
  async withEmail(email: string) {
    return this.contacts.portalContact({ emailKey: caseKey(email) });
  }

  /** The customer whose contact has this email (case-insensitively), if any. */
  async customerIdOfEmail(email: string): Promise<string | null> {
    return this.contacts.customerIdOfEmailKey(caseKey(email));
  }

  /** Names and emails of a customer's contacts, for its search terms. */
  searchableOf(customerId: string) {
    return this.contacts.searchableOf(customerId);
  }

  /**
   * Ends the open links and portal sessions of a deactivated customer's contacts and cancels their queued emails,
   * in the caller's transaction (the customer's update, which holds the customer's row, so no
   * contact is added meanwhile). Emails about the customer to staff stay.
   */
  async customerDeactivated(customerId: string): Promise<void> {
    const ids = await this.contacts.idsOfCustomer(customerId);
    await this.outreach.end(ids, 'customer inactive');
    await this.portal.endSessions(ids);
  }
}
