import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { caseKey, Page, paging, resolveSort, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { ContactsService } from '../contacts/contacts.service';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { Currency } from '../currencies/currency.entity';
import { CustomerGroup } from '../groups/customer-group.entity';
import { StaffActor } from '../permissions/actor';
import { Address } from './address';
import { CustomerAccess } from './customer-access.service';
import { CustomerAdmin, CustomerGroupMember, CustomerSearchTerm } from './customer-links.entity';
import { Customer } from './customer.entity';
import { Contact } from '../contacts/contact.entity';
import {
  DuplicateMatch,
  currencyLocked,
  customerDuplicate,
  customerHasTransactions,
  customerNotFound,
  staleVersion,
  unknownReference,
} from './customers.errors';
import {
  AddressDto,
  CreateCustomerDto,
  CreatedCustomerDto,
  CustomerAddressDto,
  CustomerDto,
  CustomerListQueryDto,
  QuickCreateCustomerDto,
  UpdateCustomerDto,
} from './dto/customer.dto';
import { companyKey, prefixUpperBound, queryWords, searchTerms, vatKey } from './normalise';

const SORTABLE = { company: 'customer.company_key', createdAt: 'customer.created_at' };
const EXPORT_BATCH = 500;

const EMPTY_ADDRESS: CustomerAddressDto = { street: null, city: null, state: null, zip: null, country: null };

function toAddress(dto: AddressDto | null | undefined): Address {
  const clean = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
  return {
    street: clean(dto?.street),
    city: clean(dto?.city),
    state: clean(dto?.state),
    zip: clean(dto?.zip),
    country: clean(dto?.country),
  };
}

const addressDto = (address: Address): CustomerAddressDto => ({ ...EMPTY_ADDRESS, ...address });
const blank = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

export function toCustomerDto(customer: Customer, groupIds: string[]): CustomerDto {
  return {
    id: customer.id,
    company: customer.company,
    vat: customer.vat,
    phone: customer.phone,
    website: customer.website,
    address: addressDto(customer.address),
    billingAddress: addressDto(customer.billing),
    shippingAddress: customer.hasShippingAddress ? addressDto(customer.shipping) : null,
    currency: customer.currency,
    language: customer.language,
    groupIds,
    active: customer.active,
    version: customer.version,
    transactionCount: customer.transactionCount,
    createdAt: customer.createdAt.toISOString(),
    createdBy: customer.createdBy,
    updatedAt: customer.updatedAt.toISOString(),
  };
}

/** The customer's own searchable text; its search terms change only when this does. */
const searchableText = (c: Pick<Customer, 'company' | 'vat' | 'phone'>) => [c.company, c.vat, c.phone].join('\n');

/** What the audit trail records of a customer: its editable fields. */
function audited(customer: CustomerDto): Record<string, unknown> {
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

@Injectable()
export class CustomersService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly contacts: ContactsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: StaffActor, dto: CreateCustomerDto): Promise<CreatedCustomerDto> {
    const passwordHash = dto.primaryContact?.password
      ? await this.contacts.hashPassword(dto.primaryContact.password)
      : null;
    return this.connection.transaction(async (manager) => {
      await this.assertReferences(manager, dto.currency, dto.groupIds);
      if (!dto.force) await this.assertNoDuplicate(manager, actor, dto);
      const now = new Date();
      const customer = manager.create(Customer, {
        id: uuidv7(),
        company: dto.company.trim(),
        companyKey: companyKey(dto.company),
        vat: blank(dto.vat),
        vatKey: vatKey(dto.vat),
        phone: blank(dto.phone),
        website: blank(dto.website),
        ...resolveAddresses(dto),
        currency: dto.currency ?? null,
        language: dto.language ?? null,
        active: dto.active ?? true,
        transactionCount: 0,
        version: 1,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(Customer, customer);
      await this.replaceGroups(manager, customer.id, dto.groupIds ?? []);
      const contact = dto.primaryContact
        ? await this.contacts.createPrimary(
            manager,
            customer.id,
            dto.primaryContact,
            dto.portalPermissions,
            passwordHash,
          )
        : null;
      await this.reindex(manager, customer);
      const created = toCustomerDto(customer, [...new Set(dto.groupIds ?? [])]);
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
        await manager.insert(CustomerAdmin, {
          customerId: customer.id,
          staffId: actor.id,
          assignedAt: now,
          assignedBy: actor.id,
        });
        trail.push({
          customerId: customer.id,
          entityType: 'customer_admin',
          entityId: actor.id,
          action: 'assign',
          after: { staffId: actor.id },
        });
      }
      await this.audit.record(manager, actor, trail);
      return {
        ...created,
        primaryContact: contact ? { id: contact.id, email: contact.email, permissions: contact.permissions } : null,
      };
    });
  }

  /**
   * Refuses a likely duplicate (same VAT, same folded company name, or a contact with the
   * new contact's email) with 409 CUSTOMER_DUPLICATE, naming only customers the caller may see.
   */
  private async assertNoDuplicate(manager: EntityManager, actor: StaffActor, dto: CreateCustomerDto): Promise<void> {
    const matches = new Map<string, Set<DuplicateMatch>>();
    const add = (customerId: string, on: DuplicateMatch) =>
      matches.set(customerId, (matches.get(customerId) ?? new Set()).add(on));
    const vat = vatKey(dto.vat);
    if (vat) {
      for (const c of await manager.find(Customer, { select: { id: true }, where: { vatKey: vat }, take: 10 }))
        add(c.id, 'vat');
    }
    for (const c of await manager.find(Customer, {
      select: { id: true },
      where: { companyKey: companyKey(dto.company) },
      take: 10,
    })) {
      add(c.id, 'company');
    }
    if (dto.primaryContact) {
      const contact = await manager.findOne(Contact, {
        select: { customerId: true },
        where: { emailKey: caseKey(dto.primaryContact.email) },
      });
      if (contact) add(contact.customerId, 'contactEmail');
    }
    if (matches.size === 0) return;
    const visible = await this.access.visibleAmong(actor, [...matches.keys()], manager);
    const named = await manager.find(Customer, { select: { id: true, company: true }, where: { id: In(visible) } });
    throw customerDuplicate(
      [...new Set([...matches.values()].flatMap((on) => [...on]))],
      named.map((c) => ({ id: c.id, company: c.company, matchedOn: [...matches.get(c.id)!] })),
    );
  }

  quickCreate(actor: StaffActor, dto: QuickCreateCustomerDto): Promise<CreatedCustomerDto> {
    return this.create(actor, { company: dto.company, primaryContact: dto.primaryContact, force: dto.force });
  }

  async get(actor: StaffActor, id: string): Promise<CustomerDto> {
    const customer = await this.access.findVisible(actor, id);
    return toCustomerDto(customer, (await this.groupIdsOf([id])).get(id) ?? []);
  }

  /**
   * A page of customers: the page's ids first (filters and sort on indexed columns only),
   * then those rows and their groups by id, so no page ever sorts whole rows.
   */
  async list(actor: StaffActor, query: CustomerListQueryDto): Promise<Page<CustomerDto>> {
    const { page, pageSize, offset } = paging(query);
    const order = resolveSort(query.sort, SORTABLE, 'company');
    const [idRows, total] = await Promise.all([
      this.filtered(actor, query)
        .select('customer.id', 'id')
        .orderBy(order.column, order.direction)
        .addOrderBy('customer.id', order.direction)
        .offset(offset)
        .limit(pageSize)
        .getRawMany<{ id: string }>(),
      this.filtered(actor, query).getCount(),
    ]);
    const ids = idRows.map((row) => row.id);
    const [rows, groups] = await Promise.all([
      ids.length ? this.connection.getRepository(Customer).findBy({ id: In(ids) }) : [],
      this.groupIdsOf(ids),
    ]);
    const byId = new Map(rows.map((c) => [c.id, c]));
    const customers = ids.map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
    return { data: customers.map((c) => toCustomerDto(c, groups.get(c.id) ?? [])), meta: { page, pageSize, total } };
  }

  /** Every customer the list would show, in creation order, a batch at a time (for CSV). */
  async *exportRows(actor: StaffActor, query: CustomerListQueryDto): AsyncGenerator<CustomerDto> {
    let after = '';
    for (;;) {
      const batch = await this.filtered(actor, query)
        .andWhere('customer.id > :after', { after })
        .orderBy('customer.id', 'ASC')
        .limit(EXPORT_BATCH)
        .getMany();
      if (batch.length === 0) return;
      const groups = await this.groupIdsOf(batch.map((c) => c.id));
      for (const customer of batch) yield toCustomerDto(customer, groups.get(customer.id) ?? []);
      after = batch[batch.length - 1].id;
    }
  }

  /**
   * Applies a partial update. With `expectedVersion` (If-Match) the write is guarded by
   * `WHERE version = ?`: of two updates from the same version exactly one wins, the other
   * gets 412 and changes nothing.
   */
  async update(actor: StaffActor, id: string, dto: UpdateCustomerDto, expectedVersion?: number): Promise<CustomerDto> {
    return this.connection.transaction(async (manager) => {
      const customer = await this.access.findVisible(actor, id, manager);
      if (expectedVersion !== undefined && customer.version !== expectedVersion) throw staleVersion(customer.version);
      const before = audited(toCustomerDto(customer, (await this.groupIdsOf([id], manager)).get(id) ?? []));
      const searchedBefore = searchableText(customer);
      await this.assertReferences(manager, dto.currency, dto.groupIds);
      if (dto.currency !== undefined && dto.currency !== customer.currency) {
        await this.changeCurrency(manager, customer, dto.currency);
      }
      if (dto.company !== undefined) {
        customer.company = dto.company.trim();
        customer.companyKey = companyKey(dto.company);
      }
      if (dto.vat !== undefined) {
        customer.vat = blank(dto.vat);
        customer.vatKey = vatKey(dto.vat);
      }
      if (dto.phone !== undefined) customer.phone = blank(dto.phone);
      if (dto.website !== undefined) customer.website = blank(dto.website);
      if (dto.language !== undefined) customer.language = dto.language;
      if (dto.active !== undefined) customer.active = dto.active;
      Object.assign(customer, resolveAddresses(dto, customer));
      customer.updatedAt = new Date();
      // The editable columns only: currency and transaction count move through their guarded updates.
      const write = manager
        .createQueryBuilder()
        .update(Customer)
        .set({
          company: customer.company,
          companyKey: customer.companyKey,
          vat: customer.vat,
          vatKey: customer.vatKey,
          phone: customer.phone,
          website: customer.website,
          language: customer.language,
          active: customer.active,
          address: customer.address,
          billing: customer.billing,
          hasShippingAddress: customer.hasShippingAddress,
          shipping: customer.shipping,
          updatedAt: customer.updatedAt,
          version: () => 'version + 1',
        })
        .where('id = :id', { id });
      if (expectedVersion !== undefined) write.andWhere('version = :expectedVersion', { expectedVersion });
      if (!(await write.execute()).affected) throw staleVersion(customer.version);
      customer.version = (await manager.findOneByOrFail(Customer, { id })).version;
      if (dto.groupIds !== undefined) await this.replaceGroups(manager, id, dto.groupIds);
      if (searchableText(customer) !== searchedBefore) await this.reindex(manager, customer);
      const after = toCustomerDto(customer, (await this.groupIdsOf([id], manager)).get(id) ?? []);
      await this.audit.record(manager, actor, [
        { customerId: id, entityType: 'customer', entityId: id, action: 'update', before, after: audited(after) },
      ]);
      return after;
    });
  }

  /** Deletes a customer without transactions, with its contacts and assignments (cascade). */
  async remove(actor: StaffActor, id: string, expectedVersion?: number): Promise<void> {
    await this.connection.transaction(async (manager) => {
      const customer = await this.access.findVisible(actor, id, manager);
      if (expectedVersion !== undefined && customer.version !== expectedVersion) throw staleVersion(customer.version);
      if (customer.transactionCount > 0) throw customerHasTransactions(customer.transactionCount);
      const before = audited(toCustomerDto(customer, (await this.groupIdsOf([id], manager)).get(id) ?? []));
      const remove = manager
        .createQueryBuilder()
        .delete()
        .from(Customer)
        .where('id = :id AND transaction_count = 0', { id });
      if (expectedVersion !== undefined) remove.andWhere('version = :expectedVersion', { expectedVersion });
      if (!(await remove.execute()).affected) {
        const current = await manager.findOneBy(Customer, { id });
        if (!current) throw customerNotFound();
        if (current.transactionCount > 0) throw customerHasTransactions(current.transactionCount);
        throw staleVersion(current.version);
      }
      await this.audit.record(manager, actor, [
        { customerId: id, entityType: 'customer', entityId: id, action: 'delete', before },
      ]);
    });
  }

  /** The currency moves only while the customer has no transaction: a guarded update, no window. */
  private async changeCurrency(manager: EntityManager, customer: Customer, currency: string | null): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(Customer)
      .set({ currency })
      .where('id = :id AND transaction_count = 0', { id: customer.id })
      .execute();
    if (!result.affected) throw currencyLocked();
    customer.currency = currency;
  }

  private filtered(actor: StaffActor, query: CustomerListQueryDto): SelectQueryBuilder<Customer> {
    const qb = this.connection.getRepository(Customer).createQueryBuilder('customer');
    this.access.restrict(qb, actor, 'customer.id');
    const active = query.active ?? 'true';
    if (active !== 'all') qb.andWhere('customer.active = :active', { active: active === 'true' });
    if (query.currency) qb.andWhere('customer.currency = :currency', { currency: query.currency });
    if (query.country) qb.andWhere('customer.address.country = :country', { country: query.country });
    if (query.groupId) {
      qb.andWhere(
        'customer.id IN (SELECT gm.customer_id FROM customer_group_members gm WHERE gm.group_id = :groupId)',
        { groupId: query.groupId },
      );
    }
    if (query.assignedToMe === 'true') {
      qb.andWhere('customer.id IN (SELECT me.customer_id FROM customer_admins me WHERE me.staff_id = :me)', {
        me: actor.id,
      });
    }
    const words = queryWords(query.q ?? '');
    if (query.q?.trim() && words.length === 0) qb.andWhere('1 = 0');
    // A word prefix as a range over the term index: terms compare byte for byte on both
    // engines (utf8mb4_bin on MySQL), and SQLite cannot use an index for its LIKE.
    words.forEach((word, i) => {
      qb.andWhere(
        `customer.id IN (SELECT st${i}.customer_id FROM customer_search_terms st${i} WHERE st${i}.term >= :word${i} AND st${i}.term < :next${i})`,
        { [`word${i}`]: word, [`next${i}`]: prefixUpperBound(word) },
      );
    });
    return qb;
  }

  /** Group ids of many customers in one query. */
  async groupIdsOf(
    customerIds: string[],
    manager: EntityManager = this.connection.manager,
  ): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (customerIds.length === 0) return map;
    const rows = await manager.find(CustomerGroupMember, {
      where: { customerId: In(customerIds) },
      order: { groupId: 'ASC' },
    });
    for (const row of rows) map.set(row.customerId, [...(map.get(row.customerId) ?? []), row.groupId]);
    return map;
  }

  private async assertReferences(manager: EntityManager, currency?: string | null, groupIds?: string[]): Promise<void> {
    if (currency && !(await manager.existsBy(Currency, { code: currency }))) throw unknownReference('currency');
    const ids = [...new Set(groupIds ?? [])];
    if (ids.length && (await manager.countBy(CustomerGroup, { id: In(ids) })) !== ids.length) {
      throw unknownReference('groupIds');
    }
  }

  private async replaceGroups(manager: EntityManager, customerId: string, groupIds: string[]): Promise<void> {
    await manager.delete(CustomerGroupMember, { customerId });
    const unique = [...new Set(groupIds)];
    if (unique.length)
      await manager.insert(
        CustomerGroupMember,
        unique.map((groupId) => ({ customerId, groupId })),
      );
  }

  /** Rewrites the search terms of a customer from its company, VAT, phone and contacts. */
  async reindex(manager: EntityManager, customer: Pick<Customer, 'id' | 'company' | 'vat' | 'phone'>): Promise<void> {
    const contacts = await this.contacts.searchableOf(manager, customer.id);
    const terms = searchTerms({ ...customer, contacts });
    await manager.delete(CustomerSearchTerm, { customerId: customer.id });
    if (terms.length)
      await manager.insert(
        CustomerSearchTerm,
        terms.map((term) => ({ customerId: customer.id, term })),
      );
  }
}
