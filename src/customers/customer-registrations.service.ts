import { Injectable } from '@nestjs/common';
import { toAddress, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { AuditService } from '../audit/audit.service';
import type { Contact } from '../contacts/contact.entity';
import { ContactsForCustomers } from '../contacts/contacts-for-customers.service';
import { companyKey, searchTerms, vatKey } from '../customer-contacts/customer-keys';
import { registrationConfirmedEmail } from '../mail/contact-emails';
import { MailService } from '../mail/mail.service';
import type { StaffActor } from '../permissions/actor';
import type { PortalPermission } from '../permissions/portal-permissions';
import type { Customer } from './customer.entity';
import { toCustomerDto } from './customer.mapper';
import { isContactEmailTaken } from './customer-duplicates.service';
import { registrationNotPending } from './customers.errors';
import { CustomersRepository } from './customers.repository';
import { audited } from './customers.service';
import type { CustomerDto } from './dto/customer.dto';

/** Another registration (or a contact added meanwhile) took the email first: nothing of this one stays. */
export class RegistrationEmailTaken extends Error {}

/** What a company registering through the portal says of itself and its first contact. */
export interface Registration {
  company: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
}

/**
 * Companies that register through the portal: a customer and its primary contact, either
 * waiting for staff to confirm them (inactive, `pending`) or active at once (`confirmed`).
 * Registrations never claim the company name or VAT number (staff see likely duplicates and
 * merge them); the contact's email is unique as always.
 */
@Injectable()
export class CustomerRegistrations {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly customers: CustomersRepository,
    private readonly contacts: ContactsForCustomers,
    private readonly access: CustomerAccess,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  /** The contact who already has this email, with its customer, if any. */
  contactWithEmail(email: string) {
    return this.contacts.withEmail(email);
  }

  /**
   * Writes the customer, its primary contact and their search terms in the caller's
   * transaction, recorded as created by the contact. A contact email taken meanwhile throws
   * `RegistrationEmailTaken` (the caller's transaction then keeps nothing).
   */
  async register(
    registration: Registration,
    permissions: readonly PortalPermission[],
    passwordHash: string,
    pending: boolean,
  ): Promise<{ customer: Customer; contact: Contact }> {
    const now = new Date();
    const company = registration.company.trim();
    const customer: Customer = {
      id: uuidv7(),
      company,
      companyKey: companyKey(company),
      vat: null,
      vatKey: vatKey(null),
      companyClaim: null,
      vatClaim: null,
      phone: null,
      website: null,
      address: toAddress(null),
      billing: toAddress(null),
      hasShippingAddress: false,
      shipping: toAddress(null),
      currency: null,
      language: null,
      active: !pending,
      registration: pending ? 'pending' : 'confirmed',
      transactionCount: 0,
      version: 1,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.customers.insert(customer);
    const contact = await this.contacts
      .createPrimary(customer.id, registration, permissions, passwordHash, !pending)
      .catch((error: unknown) => {
        throw isContactEmailTaken(error) ? new RegistrationEmailTaken() : error;
      });
    await this.customers.insertTerms(customer.id, searchTerms({ ...customer, contacts: [contact] }));
    await this.audit.record({ contactId: contact.id }, [
      {
        customerId: customer.id,
        entityType: 'customer',
        entityId: customer.id,
        action: 'create',
        after: { ...audited(toCustomerDto(customer, [])), registration: customer.registration },
      },
      {
        customerId: customer.id,
        entityType: 'contact',
        entityId: contact.id,
        action: 'create',
        after: {
          firstName: contact.firstName,
          lastName: contact.lastName,
          email: contact.email,
          permissions: contact.permissions,
          active: contact.active,
        },
      },
    ]);
    return { customer, contact };
  }

  /**
   * Confirms a registration waiting for approval: the customer and its primary contact
   * become active (one guarded update each), and the contact gets `registration_confirmed`,
   * in one transaction. Anything but a pending registration is a 409 REGISTRATION_NOT_PENDING.
   */
  confirm(actor: StaffActor, customerId: string): Promise<CustomerDto> {
    return this.connection.transaction(async () => {
      const customer = await this.access.findVisible(actor, customerId);
      if (customer.registration !== 'pending') throw registrationNotPending();
      const now = new Date();
      if (!(await this.customers.confirmRegistration(customerId, now))) throw registrationNotPending();
      const confirmed: Customer = {
        ...customer,
        active: true,
        registration: 'confirmed',
        version: customer.version + 1,
        updatedAt: now,
      };
      const contact = await this.contacts.activatePrimary(customerId);
      await this.audit.record(actor, [
        {
          customerId,
          entityType: 'customer',
          entityId: customerId,
          action: 'update',
          before: { active: customer.active, registration: customer.registration },
          after: { active: true, registration: 'confirmed' },
        },
        ...(contact
          ? [
              {
                customerId,
                entityType: 'contact',
                entityId: contact.id,
                action: 'update' as const,
                before: { active: false },
                after: { active: true },
              },
            ]
          : []),
      ]);
      if (contact) await this.mail.enqueue(registrationConfirmedEmail(contact, confirmed));
      return toCustomerDto(confirmed, []);
    });
  }
}
