import { Injectable } from '@nestjs/common';
import { Page, mapPage, staleVersion, toAddress, unknownReference, uuidv7 } from '@app/common';
import { TransactionalConnection, isMissingReference, isUniqueViolation } from '@app/database';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { ContactsForCustomers } from '../contacts/contacts-for-customers.service';
import { CurrenciesService } from '../currencies/currencies.service';
import { GroupMembershipsService } from '../groups/group-memberships.service';
import { MailService } from '../mail/mail.service';
import { welcomeEmail } from '../mail/contact-emails';
import type { Actor, StaffActor } from '../permissions/actor';
import { CustomerAccess } from '../access/customer-access.service';
import { CustomerContacts } from '../customer-contacts/customer-contacts.service';
import { CustomerDuplicates, DuplicateRaceLost, isContactEmailTaken, takenClaim } from './customer-duplicates.service';
import { CustomerAdminsRepository } from './customer-admins.repository';
import { Customer } from './customer.entity';
import { toCustomerDto } from './customer.mapper';
import { currencyLocked, customerHasTransactions, customerNotFound } from './customers.errors';
import { CustomersRepository } from './customers.repository';
import { OpenDocuments } from './open-documents.service';
import {
  CreateCustomerDto,
  CreatedCustomerDto,
  CustomerDto,
  CustomerListQueryDto,
  QuickCreateCustomerDto,
  UpdateCustomerDto,
} from './dto/customer.dto';
import { companyKey, searchTerms, vatKey } from '../customer-contacts/customer-keys';

const blank = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** An update without If-Match that lost a race with another one: it runs again on the newer row. */
class LostUpdateRace extends Error {}

/** The customer's own searchable text; its search terms change only when this does. */
const searchableText = (c: Pick<Customer, 'company' | 'vat' | 'phone'>) => [c.company, c.vat, c.phone].join('\n');

/** What the audit trail records of a customer: its editable fields. */
export function audited(customer: CustomerDto): Record<string, unknown> {
  const {
    id: _id,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    createdBy: _b,
    transactionCount: _t,
    ...fields
  } = customer;
  return fields;
}

/** Billing and shipping after the copy conveniences of create and update. */
function resolveAddresses(
  dto: Pick<
    CreateCustomerDto,
    'address' | 'billingAddress' | 'shippingAddress' | 'copyBillingFromAddress' | 'copyShippingFromBilling'
  >,
  current?: Customer,
): Pick<Customer, 'address' | 'billing' | 'shipping' | 'hasShippingAddress'> {
  const address = dto.address !== undefined ? toAddress(dto.address) : (current?.address ?? toAddress(null));
  const billing = dto.copyBillingFromAddress
    ? { ...address }
    : dto.billingAddress !== undefined
      ? toAddress(dto.billingAddress)
      : (current?.billing ?? toAddress(null));
  if (dto.copyShippingFromBilling) return { address, billing, shipping: { ...billing }, hasShippingAddress: true };
  if (dto.shippingAddress === null) return { address, billing, shipping: toAddress(null), hasShippingAddress: false };
  if (dto.shippingAddress !== undefined) {
    return { address, billing, shipping: toAddress(dto.shippingAddress), hasShippingAddress: true };
  }
  return {
    address,
    billing,
    shipping: current?.shipping ?? toAddress(null),
    hasShippingAddress: current?.hasShippingAddress ?? false,
  };
}

/** The addresses documents copy (billing, and shipping when there is one), to tell whether they changed. */
const copiedAddresses = (customer: Customer): string =>
  JSON.stringify([customer.billing, customer.hasShippingAddress ? customer.shipping : null]);

@Injectable()
export class CustomersService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly customers: CustomersRepository,
    private readonly admins: CustomerAdminsRepository,
    private readonly duplicates: CustomerDuplicates,
    private readonly contacts: ContactsForCustomers,
    private readonly groups: GroupMembershipsService,
    private readonly currencies: CurrenciesService,
    private readonly audit: AuditService,
    private readonly customerContacts: CustomerContacts,
    private readonly mail: MailService,
    private readonly openDocuments: OpenDocuments,
  ) {}

  /**
   * Creates a customer and, in the same transaction, its group memberships, primary contact,
   * search terms, the creator's admin assignment (without global view), the audit trail and
   * (unless `sendWelcomeEmail` is false) the primary contact's welcome email in the outbox.
   *
   * Without `force` the duplicate check reads what is committed, and the new row claims its
   * company and VAT keys in unique columns (the contact email is unique anyway): of
   * concurrent creates of one company, VAT number or contact email, the first to commit gets
   * in and the others answer 409 CUSTOMER_DUPLICATE, as if they had come after it.
   */
  async create(actor: StaffActor, dto: CreateCustomerDto): Promise<CreatedCustomerDto> {
    const passwordHash = dto.primaryContact?.password
      ? await this.contacts.hashPassword(dto.primaryContact.password)
      : null;
    const work = async () => {
      // The currency and the groups are checked by their foreign keys as the rows go in.
      if (!dto.force) await this.duplicates.assertNone(actor, dto);
      const now = new Date();
      const keys = { companyKey: companyKey(dto.company), vatKey: vatKey(dto.vat) };
      const customer: Customer = {
        id: uuidv7(),
        company: dto.company.trim(),
        vat: blank(dto.vat),
        ...keys,
        companyClaim: dto.force ? null : keys.companyKey,
        vatClaim: dto.force ? null : keys.vatKey,
        phone: blank(dto.phone),
        website: blank(dto.website),
        ...resolveAddresses(dto),
        currency: dto.currency ?? null,
        language: dto.language ?? null,
        active: dto.active ?? true,
        registration: null,
        transactionCount: 0,
        version: 1,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await this.customers.insert(customer);
      } catch (error) {
        if (isMissingReference(error)) throw unknownReference('currency');
        // Besides the new id only the claims are unique: a concurrent create took one since the check.
        if (isUniqueViolation(error) && !dto.force) throw await this.duplicates.raceLost(actor, dto, takenClaim(error));
        throw error;
      }
      const groupIds = [...new Set(dto.groupIds ?? [])];
      await this.groups.addToNewCustomer(customer.id, groupIds);
      const contact = dto.primaryContact
        ? await this.contacts
            .createPrimary(customer.id, dto.primaryContact, dto.portalPermissions, passwordHash)
            .catch(async (error: unknown) => {
              if (isContactEmailTaken(error) && !dto.force)
                throw await this.duplicates.raceLost(actor, dto, 'contactEmail', customer.id);
              throw error;
            })
        : null;
      await this.customers.insertTerms(customer.id, searchTerms({ ...customer, contacts: contact ? [contact] : [] }));
      const created = toCustomerDto(customer, groupIds);
      const trail: AuditEntry[] = [
        {
          customerId: customer.id,
          entityType: 'customer',
          entityId: customer.id,
          action: 'create',
          after: audited(created),
        },
      ];
      if (contact) {
        trail.push({
          customerId: customer.id,
          entityType: 'contact',
          entityId: contact.id,
          action: 'create',
          after: {
            firstName: contact.firstName,
            lastName: contact.lastName,
            email: contact.email,
            permissions: contact.permissions,
          },
        });
      }
      if (!actor.can('customers.view')) {
        await this.admins.insertCreator(customer.id, actor.id, now);
        trail.push({
          customerId: customer.id,
          entityType: 'customer_admin',
          entityId: actor.id,
          action: 'assign',
          after: { staffId: actor.id },
        });
      }
      await this.audit.record(actor, trail);
      if (contact && dto.sendWelcomeEmail !== false) {
        await this.mail.enqueue(welcomeEmail(contact, customer));
      }
      return {
        ...created,
        primaryContact: contact ? { id: contact.id, email: contact.email, permissions: contact.permissions } : null,
      };
    };
    return this.connection.transaction(work, { retryWhen: (error) => error instanceof DuplicateRaceLost });
  }

  quickCreate(actor: StaffActor, dto: QuickCreateCustomerDto): Promise<CreatedCustomerDto> {
    return this.create(actor, {
      company: dto.company,
      primaryContact: dto.primaryContact,
      sendWelcomeEmail: dto.sendWelcomeEmail,
      force: dto.force,
    });
  }

  async get(actor: Actor, id: string): Promise<CustomerDto> {
    const customer = await this.access.findVisible(actor, id);
    return toCustomerDto(customer, await this.groupIdsOf(id));
  }

  /**
   * A page of customers: the page's ids first (filters and sort on indexed columns only),
   * then those rows and their groups by id, so no page ever sorts whole rows.
   */
  async list(actor: StaffActor, query: CustomerListQueryDto): Promise<Page<CustomerDto>> {
    const result = await this.customers.listPage(actor, query);
    const groups = await this.groups.membershipsOf(result.data.map((c) => c.id));
    return mapPage(result, (c) => toCustomerDto(c, groups.get(c.id) ?? []));
  }

  /**
   * Applies a partial update. With `expectedVersion` (If-Match) the write is guarded by
   * `WHERE version = ?`: of two updates from the same version exactly one wins, the other
   * gets 412 and changes nothing.
   */
  async update(actor: Actor, id: string, dto: UpdateCustomerDto, expectedVersion?: number): Promise<CustomerDto> {
    const work = async () => {
      const customer = await this.access.findVisible(actor, id);
      if (expectedVersion !== undefined && customer.version !== expectedVersion) throw staleVersion(customer.version);
      const groupsBefore = await this.groupIdsOf(id);
      const before = audited(toCustomerDto(customer, groupsBefore));
      const searchedBefore = searchableText(customer);
      await this.assertReferences(dto.currency, dto.groupIds);
      if (dto.currency !== undefined && dto.currency !== customer.currency) {
        await this.changeCurrency(customer, dto.currency);
      }
      // A claim stays only on the key it was made for: a changed key frees it for new customers.
      if (dto.company !== undefined) {
        customer.company = dto.company.trim();
        customer.companyKey = companyKey(dto.company);
        if (customer.companyClaim !== customer.companyKey) customer.companyClaim = null;
      }
      if (dto.vat !== undefined) {
        customer.vat = blank(dto.vat);
        customer.vatKey = vatKey(dto.vat);
        if (customer.vatClaim !== customer.vatKey) customer.vatClaim = null;
      }
      if (dto.phone !== undefined) customer.phone = blank(dto.phone);
      if (dto.website !== undefined) customer.website = blank(dto.website);
      if (dto.language !== undefined) customer.language = dto.language;
      const deactivated = customer.active && dto.active === false;
      if (dto.active !== undefined) customer.active = dto.active;
      const addressesBefore = copiedAddresses(customer);
      Object.assign(customer, resolveAddresses(dto, customer));
      customer.updatedAt = new Date();
      // The editable columns only: currency and transaction count move through their guarded updates.
      // Guarded by the version read above, so the new version is known without reading it again.
      const written = await this.customers.updateEditable(id, customer.version, {
        company: customer.company,
        companyKey: customer.companyKey,
        companyClaim: customer.companyClaim,
        vat: customer.vat,
        vatKey: customer.vatKey,
        vatClaim: customer.vatClaim,
        phone: customer.phone,
        website: customer.website,
        language: customer.language,
        active: customer.active,
        address: customer.address,
        billing: customer.billing,
        hasShippingAddress: customer.hasShippingAddress,
        shipping: customer.shipping,
        updatedAt: customer.updatedAt,
      });
      if (!written) {
        // Another update landed in between: stale for If-Match, otherwise apply to the newer row.
        throw expectedVersion !== undefined ? staleVersion(customer.version) : new LostUpdateRace();
      }
      customer.version += 1;
      if (deactivated) await this.contacts.customerDeactivated(id);
      let groupIds = groupsBefore;
      if (dto.groupIds !== undefined) {
        await this.groups.setMemberships(id, dto.groupIds);
        groupIds = [...new Set(dto.groupIds)].sort();
      }
      if (searchableText(customer) !== searchedBefore) await this.reindex(customer);
      const after = toCustomerDto(customer, groupIds);
      if (dto.applyToOpenDocuments === true && copiedAddresses(customer) !== addressesBefore) {
        await this.openDocuments.readdress(customer);
      }
      await this.audit.record(actor, [
        { customerId: id, entityType: 'customer', entityId: id, action: 'update', before, after: audited(after) },
      ]);
      return after;
    };
    return this.connection.transaction(work, { retryWhen: (error) => error instanceof LostUpdateRace });
  }

  /** Deletes a customer without transactions, with its contacts and assignments (cascade); its queued emails are cancelled. */
  async remove(actor: StaffActor, id: string, expectedVersion?: number): Promise<void> {
    await this.connection.transaction(async () => {
      const customer = await this.access.findVisible(actor, id);
      if (expectedVersion !== undefined && customer.version !== expectedVersion) throw staleVersion(customer.version);
      if (customer.transactionCount > 0) throw customerHasTransactions(customer.transactionCount);
      const before = audited(toCustomerDto(customer, await this.groupIdsOf(id)));
      if (!(await this.customers.deleteUnused(id, expectedVersion))) {
        const current = await this.customers.findById(id);
        if (!current) throw customerNotFound();
        if (current.transactionCount > 0) throw customerHasTransactions(current.transactionCount);
        throw staleVersion(current.version);
      }
      await this.mail.cancelQueued({ customerId: id }, 'customer deleted');
      await this.audit.record(actor, [
        { customerId: id, entityType: 'customer', entityId: id, action: 'delete', before },
      ]);
    });
  }

  /** The currency moves only while the customer has no transaction: a guarded update, no window. */
  private async changeCurrency(customer: Customer, currency: string | null): Promise<void> {
    if (!(await this.customers.changeCurrencyIfUnused(customer.id, currency))) throw currencyLocked();
    customer.currency = currency;
  }

  private async groupIdsOf(customerId: string): Promise<string[]> {
    return (await this.groups.membershipsOf([customerId])).get(customerId) ?? [];
  }

  private async assertReferences(currency?: string | null, groupIds?: string[]): Promise<void> {
    if (currency) await this.currencies.assertExists(currency);
    await this.groups.assertExist(groupIds ?? []);
  }

  /** Rewrites the search terms of a customer from its company, VAT, phone and contacts. */
  private async reindex(customer: Pick<Customer, 'id' | 'company' | 'vat' | 'phone'>): Promise<void> {
    await this.customerContacts.rewriteTerms(customer, await this.contacts.searchableOf(customer.id));
  }
}
