import { Injectable } from '@nestjs/common';
import { mapPage, Page, staleVersion } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { CustomerAccess } from '../access/customer-access.service';
import { CustomerContacts } from '../customer-contacts/customer-contacts.service';
import { MailService } from '../mail/mail.service';
import { type CustomerOfRecipient, setPasswordEmail, welcomeEmail } from '../mail/contact-emails';
import type { EmailRequest } from '../mail/mail.service';
import { PasswordHasher } from '../passwords/password-hasher';
import type { Actor, StaffActor } from '../permissions/actor';
import { Contact } from './contact.entity';
import { ContactOutreach } from './contact-outreach.service';
import { PortalContacts } from './portal-contacts.service';
import { SessionsService } from '../sessions/sessions.service';
import { granted, insertContact, newContactRow, personOf } from './contact-rows';
import { ContactsRepository } from './contacts.repository';
import {
  contactEmailTaken,
  contactInactive,
  contactNotFound,
  customerInactive,
  primaryContactRequired,
} from './contacts.errors';
import type { ContactDto, ContactListQueryDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { nextNotifications, notificationsFor } from './email-notifications';

export function toContactDto(contact: Contact): ContactDto {
  return {
    id: contact.id,
    customerId: contact.customerId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    title: contact.title,
    isPrimary: contact.isPrimary,
    active: contact.active,
    permissions: contact.permissions,
    emailNotifications: contact.emailNotifications,
    passwordSet: contact.passwordHash !== null,
    lastLoginAt: contact.lastLoginAt?.toISOString() ?? null,
    version: contact.version,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}

/** What the audit trail records of a contact: its answer's fields (whether it has a password, never the password or its hash), not its identity, version or times. */
function audited(contact: Contact): Record<string, unknown> {
  const {
    id: _id,
    customerId: _c,
    lastLoginAt: _l,
    version: _v,
    createdAt: _t,
    updatedAt: _u,
    ...fields
  } = toContactDto(contact);
  return fields;
}

/**
 * Contacts of customers, under the customer access rule. Every change takes the customer's
 * row first (see `CustomerContacts`), so changes of one customer's contacts never interleave:
 * its one primary contact and its search terms are always decided on the committed state.
 * Calls inside a transaction join it (the customer's create, say).
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly contacts: ContactsRepository,
    private readonly hasher: PasswordHasher,
    private readonly access: CustomerAccess,
    private readonly customerContacts: CustomerContacts,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly outreach: ContactOutreach,
    private readonly portal: PortalContacts,
    private readonly sessions: SessionsService,
  ) {}

  async list(actor: Actor, customerId: string, query: ContactListQueryDto): Promise<Page<ContactDto>> {
    await this.access.assertVisible(actor, customerId);
    return mapPage(await this.contacts.listPage(customerId, query), toContactDto);
  }

  async get(actor: Actor, id: string): Promise<ContactDto> {
    return toContactDto(await this.findVisible(actor, id));
  }

  /**
   * Adds a contact. The first contact of a customer is its primary one; a new primary
   * contact takes the flag from the old one in the same transaction. Under an inactive
   * customer the contact starts inactive, and `active: true` is refused.
   */
  async create(actor: Actor, customerId: string, dto: CreateContactDto): Promise<ContactDto> {
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : null;
    return this.connection.transaction(async () => {
      await this.access.assertVisible(actor, customerId);
      const customer = await this.customerContacts.takeForContactChange(customerId);
      if (dto.active === true && !customer.active) throw customerInactive();
      const active = dto.active ?? customer.active;
      const first = !(await this.contacts.hasAny(customerId));
      const isPrimary = first || dto.isPrimary === true;
      if (isPrimary && !first && !active) throw contactInactive();
      const permissions = granted(dto.permissions);
      const now = new Date();
      const emailNotifications = nextNotifications(
        notificationsFor(permissions),
        permissions,
        permissions,
        dto.emailNotifications,
      );
      const contact: Contact = newContactRow(
        customerId,
        dto,
        { passwordHash, isPrimary, active, permissions, emailNotifications },
        now,
      );
      const demoted = isPrimary && !first ? await this.demotePrimary(customerId, contact.id, now) : [];
      await insertContact(this.contacts, contact);
      await this.customerContacts.addTerms(customerId, contact);
      await this.audit.record(actor, [
        { customerId, entityType: 'contact', entityId: contact.id, action: 'create', after: audited(contact) },
        ...demoted,
      ]);
      return toContactDto(contact);
    });
  }

  /**
   * A partial update. The primary flag moves by making another contact primary (never by
   * unsetting it), and the primary contact of an active customer stays active; a contact of
   * an inactive customer cannot be activated, but all of them may be deactivated. A new email
   * address or a deactivation ends the contact's open links and cancels its queued emails in
   * the same transaction. With `expectedVersion` (If-Match) a stale version answers 412.
   */
  async update(actor: Actor, id: string, dto: UpdateContactDto, expectedVersion?: number): Promise<ContactDto> {
    const passwordHash = typeof dto.password === 'string' ? await this.hasher.hash(dto.password) : null;
    return this.connection.transaction(async () => {
      const { contact, customerActive } = await this.takeVisible(actor, id, expectedVersion);
      const before = audited(contact);
      const searchedBefore = this.searchable(contact);
      const active = dto.active ?? contact.active;
      const isPrimary = dto.isPrimary ?? contact.isPrimary;
      if (active && !contact.active && !customerActive) throw customerInactive();
      const deactivated = contact.active && !active;
      if (contact.isPrimary && (!isPrimary || (deactivated && customerActive))) throw primaryContactRequired();
      if (isPrimary && !contact.isPrimary && !active) throw contactInactive();

      const now = new Date();
      const permissions = dto.permissions !== undefined ? granted(dto.permissions) : contact.permissions;
      const next: Contact = {
        ...contact,
        ...personOf({
          firstName: dto.firstName ?? contact.firstName,
          lastName: dto.lastName ?? contact.lastName,
          email: dto.email ?? contact.email,
          phone: dto.phone !== undefined ? dto.phone : contact.phone,
          title: dto.title !== undefined ? dto.title : contact.title,
        }),
        passwordHash: dto.password === undefined ? contact.passwordHash : passwordHash,
        isPrimary,
        active,
        permissions,
        emailNotifications: nextNotifications(
          contact.emailNotifications,
          contact.permissions,
          permissions,
          dto.emailNotifications,
        ),
        version: contact.version + 1,
        updatedAt: now,
      };
      const demoted = isPrimary && !contact.isPrimary ? await this.demotePrimary(contact.customerId, id, now) : [];
      const { id: _id, customerId: _c, customer: _r, createdAt: _t, lastLoginAt: _l, ...changed } = next;
      const written = await this.contacts.updateAtVersion(id, contact.version, changed).catch((error: unknown) => {
        throw isUniqueViolation(error) ? contactEmailTaken() : error;
      });
      if (!written) throw staleVersion(contact.version);
      if (next.emailKey !== contact.emailKey) await this.outreach.end([id], 'contact email changed', now);
      else if (deactivated) await this.outreach.end([id], 'contact inactive', now);
      if (deactivated || typeof dto.password === 'string') await this.portal.endSessions([id]);
      if (this.searchable(next) !== searchedBefore) await this.reindex(contact.customerId);
      const after = { ...audited(next), ...(typeof dto.password === 'string' ? { passwordChanged: true } : {}) };
      await this.audit.record(actor, [
        { customerId: contact.customerId, entityType: 'contact', entityId: id, action: 'update', before, after },
        ...demoted,
      ]);
      return toContactDto(next);
    });
  }

  /**
   * Deletes a contact. The primary one hands the flag to the oldest active other contact
   * (under an inactive customer, whose contacts cannot be active, to the oldest other one);
   * with other contacts but none active, it stays (409); the only contact may go. Its queued
   * emails are cancelled.
   */
  async remove(actor: StaffActor, id: string, expectedVersion?: number): Promise<void> {
    await this.connection.transaction(async () => {
      const { contact, customerActive } = await this.takeVisible(actor, id, expectedVersion);
      const { customerId } = contact;
      const successor = contact.isPrimary ? await this.contacts.oldestOther(customerId, id, customerActive) : null;
      if (contact.isPrimary && !successor && (await this.contacts.hasOthers(customerId, id))) {
        throw primaryContactRequired();
      }
      if (!(await this.contacts.deleteAtVersion(id, contact.version))) throw staleVersion(contact.version);
      const trail: AuditEntry[] = [
        { customerId, entityType: 'contact', entityId: id, action: 'delete', before: audited(contact) },
      ];
      if (successor) {
        await this.contacts.makePrimary(successor.id);
        trail.push(this.primaryChange(customerId, successor.id, false));
      }
      await this.reindex(customerId);
      await this.mail.cancelQueued({ contactIds: [id] }, 'contact deleted');
      await this.sessions.removeAll('contact', id);
      await this.audit.record(actor, trail);
    });
  }

  /**
   * Queues the contact's welcome email again (in the customer's language), answering the
   * outbox email's id; an inactive contact is a 409 CONTACT_INACTIVE, a contact of an
   * inactive customer a 409 CUSTOMER_INACTIVE.
   */
  resendWelcome(actor: StaffActor, id: string): Promise<string> {
    return this.queueTo(actor, id, welcomeEmail);
  }

  /**
   * Queues a one-time set-password link for the contact (valid 48 hours, issued when it is
   * sent), answering the outbox email's id; an inactive contact is a 409 CONTACT_INACTIVE, a
   * contact of an inactive customer a 409 CUSTOMER_INACTIVE.
   */
  sendSetPasswordLink(actor: StaffActor, id: string): Promise<string> {
    return this.queueTo(actor, id, setPasswordEmail);
  }

  /** Queues an email to an active contact (of an active customer) the actor may see, answering the outbox email's id. */
  private queueTo(
    actor: StaffActor,
    id: string,
    email: (contact: Contact, customer: CustomerOfRecipient) => EmailRequest,
  ): Promise<string> {
    return this.connection.transaction(async () => {
      const contact = await this.findVisible(actor, id);
      if (!contact.active) throw contactInactive();
      const customer = await this.access.findVisible(actor, contact.customerId);
      if (!customer.active) throw customerInactive();
      return this.mail.enqueue(email(contact, customer));
    });
  }

  /** A contact of a customer the actor may see (one query, the access rule in SQL), or 404. */
  private async findVisible(actor: Actor, id: string): Promise<Contact> {
    const contact = await this.contacts.findVisible(actor, id);
    if (!contact) throw contactNotFound();
    return contact;
  }

  /** A visible contact read again once its customer's row is taken, its version checked. */
  private async takeVisible(actor: Actor, id: string, expectedVersion: number | undefined) {
    const { customerId } = await this.findVisible(actor, id);
    const { active } = await this.customerContacts.takeForContactChange(customerId);
    const contact = await this.contacts.findOfCustomer(id, customerId);
    if (!contact) throw contactNotFound();
    if (expectedVersion !== undefined && contact.version !== expectedVersion) throw staleVersion(contact.version);
    return { contact, customerActive: active };
  }

  /**
   * Clears the primary flag of the customer's other contacts (a guarded update), answering
   * their audit entries. Runs with the customer's row taken, so the read names what the update changes.
   */
  private async demotePrimary(customerId: string, keepId: string, now: Date): Promise<AuditEntry[]> {
    const previous = await this.contacts.otherPrimaryIds(customerId, keepId);
    if (previous.length === 0) return [];
    await this.contacts.demoteOtherPrimaries(customerId, keepId, now);
    return previous.map((contactId) => this.primaryChange(customerId, contactId, true));
  }

  private primaryChange(customerId: string, contactId: string, wasPrimary: boolean): AuditEntry {
    return {
      customerId,
      entityType: 'contact',
      entityId: contactId,
      action: 'update',
      before: { isPrimary: wasPrimary },
      after: { isPrimary: !wasPrimary },
    };
  }

  private searchable(contact: Pick<Contact, 'firstName' | 'lastName' | 'email'>): string {
    return [contact.firstName, contact.lastName, contact.email].join('\n');
  }

  private async reindex(customerId: string): Promise<void> {
    await this.customerContacts.reindex(customerId, await this.contacts.searchableOf(customerId));
  }
}
