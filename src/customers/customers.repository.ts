import { Injectable } from '@nestjs/common';
import { In, SelectQueryBuilder } from 'typeorm';
import { Page, page, prefixUpperBound, whereActive } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { GroupMembershipsRepository } from '../groups/group-memberships.repository';
import { StaffActor } from '../permissions/actor';
import { CustomerAccess } from '../access/customer-access.service';
import { CustomerSearchTerm } from './customer-links.entity';
import { Customer } from './customer.entity';
import { CustomerListQueryDto } from './dto/customer.dto';
import { queryWords } from '../customer-contacts/customer-keys';

const SORTABLE = { company: 'customer.company_key', createdAt: 'customer.created_at' };

/** The columns an update of a customer writes: currency and transaction count move through their guarded updates. */
export type EditableCustomer = Pick<
  Customer,
  | 'company'
  | 'companyKey'
  | 'companyClaim'
  | 'vat'
  | 'vatKey'
  | 'vatClaim'
  | 'phone'
  | 'website'
  | 'language'
  | 'active'
  | 'address'
  | 'billing'
  | 'hasShippingAddress'
  | 'shipping'
  | 'updatedAt'
>;

/**
 * The statements on `customers` and `customer_search_terms`, and the search of the customer
 * list and its export: the access rule, the filters and the word prefixes, in SQL. Inside a
 * transaction, they join it.
 */
@Injectable()
export class CustomersRepository {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly groups: GroupMembershipsRepository,
  ) {}

  private get customers() {
    return this.connection.getRepository(Customer);
  }

  /** The customers the list shows the actor for this query, unsorted and unpaged. */
  filtered(actor: StaffActor, query: CustomerListQueryDto): SelectQueryBuilder<Customer> {
    const qb = this.customers.createQueryBuilder('customer');
    this.access.restrict(qb, actor, 'customer.id');
    whereActive(qb, 'customer.active', query.active ?? 'true');
    if (query.currency) qb.andWhere('customer.currency = :currency', { currency: query.currency });
    if (query.country) qb.andWhere('customer.address.country = :country', { country: query.country });
    if (query.groupId) this.groups.restrictToGroup(qb, 'customer.id', query.groupId);
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
      const next = prefixUpperBound(word);
      const below = next === null ? '' : ` AND st${i}.term < :next${i}`;
      qb.andWhere(
        `customer.id IN (SELECT st${i}.customer_id FROM customer_search_terms st${i} WHERE st${i}.term >= :word${i}${below})`,
        { [`word${i}`]: word, [`next${i}`]: next },
      );
    });
    return qb;
  }

  /**
   * A page of the list: the page's ids first (filters and sort on indexed columns only),
   * then those rows by id, so no page ever sorts whole rows.
   */
  listPage(actor: StaffActor, query: CustomerListQueryDto): Promise<Page<Customer>> {
    return page(this.filtered(actor, query), query, {
      sortable: SORTABLE,
      defaultSort: 'company',
      tieBreaker: 'customer.id',
      keysFirst: true,
    });
  }

  /** The next `size` matches of the query after the id `after`, in creation (id) order. */
  batchAfter(actor: StaffActor, query: CustomerListQueryDto, after: string, size: number): Promise<Customer[]> {
    return this.filtered(actor, query)
      .andWhere('customer.id > :after', { after })
      .orderBy('customer.id', 'ASC')
      .limit(size)
      .getMany();
  }

  findById(id: string): Promise<Customer | null> {
    return this.customers.findOneBy({ id });
  }

  /** Up to 20 customers with this VAT key or this company key (each has its index), in one query. */
  withSameKeys(
    vatKey: string | null,
    companyKey: string,
  ): Promise<Array<Pick<Customer, 'id' | 'vatKey' | 'companyKey'>>> {
    return this.connection.select(
      Customer,
      vatKey ? 'WHERE vat_key = ? OR company_key = ? LIMIT 20' : 'WHERE company_key = ? LIMIT 20',
      vatKey ? [vatKey, companyKey] : [companyKey],
      ['id', 'vatKey', 'companyKey'],
    );
  }

  /** The company names of these customers. */
  companiesOf(ids: readonly string[]): Promise<Array<Pick<Customer, 'id' | 'company'>>> {
    return this.customers.find({ select: { id: true, company: true }, where: { id: In([...ids]) } });
  }

  /** Inserts a new customer, every column set: nothing to read back. */
  async insert(customer: Customer): Promise<void> {
    await this.connection.insert(Customer, [customer]);
  }

  /**
   * Writes the editable columns and moves the version, guarded by the version read before:
   * false when another update landed in between.
   */
  async updateEditable(id: string, readVersion: number, fields: EditableCustomer): Promise<boolean> {
    const result = await this.customers
      .createQueryBuilder()
      .update()
      .set({ ...fields, version: () => 'version + 1' })
      .where('id = :id AND version = :read', { id, read: readVersion })
      .execute();
    return Boolean(result.affected);
  }

  /** Sets the currency while the customer has no transaction (a guarded update); false otherwise. */
  async changeCurrencyIfUnused(id: string, currency: string | null): Promise<boolean> {
    const result = await this.customers
      .createQueryBuilder()
      .update()
      .set({ currency })
      .where('id = :id AND transaction_count = 0', { id })
      .execute();
    return Boolean(result.affected);
  }

  /** Deletes the customer while it has no transaction (and, when given, at this version); false otherwise. */
  async deleteUnused(id: string, expectedVersion?: number): Promise<boolean> {
    const remove = this.customers.createQueryBuilder().delete().where('id = :id AND transaction_count = 0', { id });
    if (expectedVersion !== undefined) remove.andWhere('version = :expectedVersion', { expectedVersion });
    return Boolean((await remove.execute()).affected);
  }

  /** Moves the customers' `updated_at`, which takes their rows until the transaction ends. */
  async touch(ids: readonly string[]): Promise<void> {
    await this.customers
      .createQueryBuilder()
      .update()
      .set({ updatedAt: new Date() })
      .where({ id: In([...ids]) })
      .execute();
  }

  /** Moves the customers' version and `updated_at`. */
  async moveVersion(ids: readonly string[]): Promise<void> {
    await this.customers
      .createQueryBuilder()
      .update()
      .set({ updatedAt: new Date(), version: () => 'version + 1' })
      .where({ id: In([...ids]) })
      .execute();
  }

  /** Activates a customer whose registration is pending and marks it confirmed (guarded); false for any other. */
  async confirmRegistration(id: string, now: Date): Promise<boolean> {
    const result = await this.customers
      .createQueryBuilder()
      .update()
      .set({ active: true, registration: 'confirmed', updatedAt: now, version: () => 'version + 1' })
      .where('id = :id AND registration = :pending', { id, pending: 'pending' })
      .execute();
    return Boolean(result.affected);
  }

  /** The search terms of a new customer. */
  async insertTerms(customerId: string, terms: readonly string[]): Promise<void> {
    if (terms.length === 0) return;
    await this.connection.insert(
      CustomerSearchTerm,
      terms.map((term) => ({ customerId, term })),
    );
  }
}
