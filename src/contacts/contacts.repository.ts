import { Injectable } from '@nestjs/common';
import { Brackets, In, Not, SelectQueryBuilder } from 'typeorm';
import { caseKey, Page, page, prefixUpperBound, whereActive } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import type { Customer } from '../customers/customer.entity';
import type { Actor } from '../permissions/actor';
import { Contact } from './contact.entity';
import { nameKey } from './contact-keys';
import type { ContactListQueryDto } from './dto/contact.dto';

const SORTABLE = {
  firstName: 'contact.first_name_key',
  lastName: 'contact.last_name_key',
  email: 'contact.email_key',
  createdAt: 'contact.created_at',
};
const MAX_QUERY_WORDS = 5;

/** The columns an update of a contact writes: all but its identity, customer, creation and last sign-in. */
export type ChangedContact = Omit<Contact, 'id' | 'customerId' | 'customer' | 'createdAt' | 'lastLoginAt'>;

/** An active contact of an active customer, with that customer. */
export interface PortalUser {
  contact: Contact;
  customer: Customer;
}

/** A contact with what the portal needs of its customer on every request. */
export interface PortalContactRow {
  contact: Contact;
  customer: Pick<Customer, 'active' | 'language' | 'company' | 'registration'>;
}

/** The statements on `contacts`; inside a transaction, they join it. */
@Injectable()
export class ContactsRepository {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
  ) {}

  private get contacts() {
    return this.connection.getRepository(Contact);
  }

  /** A page of the customer's contacts, filtered by `active` and searched by `q`. */
  listPage(customerId: string, query: ContactListQueryDto): Promise<Page<Contact>> {
    const qb = this.contacts.createQueryBuilder('contact').where('contact.customer_id = :customerId', { customerId });
    whereActive(qb, 'contact.active', query.active ?? 'all');
    this.search(qb, query.q);
    return page(qb, query, { sortable: SORTABLE, defaultSort: 'lastName', tieBreaker: 'contact.id' });
  }

  /** A contact of a customer the actor may see (one query, the access rule in SQL). */
  findVisible(actor: Actor, id: string): Promise<Contact | null> {
    const qb = this.contacts.createQueryBuilder('contact').where('contact.id = :id', { id });
    this.access.restrict(qb, actor, 'contact.customer_id');
    return qb.getOne();
  }

  findOfCustomer(id: string, customerId: string): Promise<Contact | null> {
    return this.contacts.findOneBy({ id, customerId });
  }

  hasAny(customerId: string): Promise<boolean> {
    return this.contacts.existsBy({ customerId });
  }

  /** Whether the customer has a contact besides this one. */
  hasOthers(customerId: string, exceptId: string): Promise<boolean> {
    return this.contacts.existsBy({ customerId, id: Not(exceptId) });
  }

  /** The customer's oldest contact besides this one (only active ones when `activeOnly`). */
  oldestOther(customerId: string, exceptId: string, activeOnly: boolean): Promise<Contact | null> {
    return this.contacts.findOne({
      where: { customerId, id: Not(exceptId), ...(activeOnly ? { active: true } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The ids of the customer's primary contacts besides this one. */
  async otherPrimaryIds(customerId: string, keepId: string): Promise<string[]> {
    const rows = await this.contacts.find({
      select: { id: true },
      where: { customerId, isPrimary: true, id: Not(keepId) },
    });
    return rows.map((c) => c.id);
  }

  async idsOfCustomer(customerId: string): Promise<string[]> {
    const rows = await this.contacts.find({ select: { id: true }, where: { customerId } });
    return rows.map((c) => c.id);
  }

  /** The active contacts of a customer, oldest first. */
  activeOfCustomer(customerId: string): Promise<Contact[]> {
    return this.contacts.find({ where: { customerId, active: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Names and emails of a customer's contacts, for its search terms. */
  searchableOf(customerId: string): Promise<Array<Pick<Contact, 'firstName' | 'lastName' | 'email'>>> {
    return this.contacts.find({ select: { firstName: true, lastName: true, email: true }, where: { customerId } });
  }

  /** The customer whose contact has this email key, if any. */
  async customerIdOfEmailKey(emailKey: string): Promise<string | null> {
    const [contact] = await this.connection.select(Contact, 'WHERE email_key = ? LIMIT 1', [emailKey], ['customerId']);
    return contact?.customerId ?? null;
  }

  /** The active contact with this email key, of an active customer. */
  portalUserByEmailKey(emailKey: string): Promise<PortalUser | null> {
    return this.portalUser('contact.email_key = :key', { key: emailKey });
  }

  /** The active contact with this id and email key, of an active customer. */
  portalUserByIdAndEmailKey(contactId: string, emailKey: string): Promise<PortalUser | null> {
    return this.portalUser('contact.id = :contactId AND contact.email_key = :emailKey', { contactId, emailKey });
  }

  /** Activates the customer's primary contact (one guarded update) and answers it; null when it has none. */
  async activatePrimaryOf(customerId: string, now: Date): Promise<Contact | null> {
    await this.contacts.update(
      { customerId, isPrimary: true, active: false },
      { active: true, version: () => 'version + 1', updatedAt: now },
    );
    return this.contacts.findOneBy({ customerId, isPrimary: true });
  }

  /** The active primary contact of the customer, while the customer is active too. */
  activePrimaryOf(customerId: string): Promise<PortalUser | null> {
    return this.portalUser('contact.customer_id = :customerId AND contact.is_primary = :primary', {
      customerId,
      primary: true,
    });
  }

  /** Inserts a new contact, every column set: nothing to read back after the insert. */
  async insert(contact: Contact): Promise<void> {
    await this.connection.insert(Contact, [contact]);
  }

  /** Writes the contact's columns at this version (guarded); false when its version moved. */
  async updateAtVersion(id: string, version: number, changed: ChangedContact): Promise<boolean> {
    const result = await this.contacts
      .createQueryBuilder()
      .update()
      .set(changed)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return Boolean(result.affected);
  }

  /** Deletes the contact at this version (guarded); false when its version moved. */
  async deleteAtVersion(id: string, version: number): Promise<boolean> {
    const removed = await this.contacts
      .createQueryBuilder()
      .delete()
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return Boolean(removed.affected);
  }

  async makePrimary(id: string): Promise<void> {
    await this.contacts
      .createQueryBuilder()
      .update()
      .set({ isPrimary: true, version: () => 'version + 1', updatedAt: new Date() })
      .where('id = :id', { id })
      .execute();
  }

  /** Clears the primary flag of the customer's contacts besides this one (one guarded update). */
  async demoteOtherPrimaries(customerId: string, keepId: string, now: Date): Promise<void> {
    await this.contacts
      .createQueryBuilder()
      .update()
      .set({ isPrimary: false, version: () => 'version + 1', updatedAt: now })
      .where('customer_id = :customerId AND is_primary = :primary AND id <> :keepId', {
        customerId,
        primary: true,
        keepId,
      })
      .execute();
  }

  /**
   * Sets the password of the contact while it is active and still has this email key (a
   * guarded update), ending its earlier access tokens; false otherwise.
   */
  async setPasswordIfCurrent(contactId: string, emailKey: string, passwordHash: string, now: Date): Promise<boolean> {
    const set = await this.contacts.update(
      { id: contactId, active: true, emailKey },
      { passwordHash, sessionsValidAfter: now, version: () => 'version + 1', updatedAt: now },
    );
    return Boolean(set.affected);
  }

  /** A contact with its customer's active flag, language and name, by primary key or by email key, in one statement. */
  async portalContact(where: { id: string } | { emailKey: string }): Promise<PortalContactRow | null> {
    const qb = this.contacts
      .createQueryBuilder('contact')
      .innerJoin('contact.customer', 'customer')
      .addSelect(['customer.active', 'customer.language', 'customer.company', 'customer.registration']);
    if ('id' in where) qb.where('contact.id = :id', { id: where.id });
    else qb.where('contact.email_key = :emailKey', { emailKey: where.emailKey });
    const found = await qb.getOne();
    if (!found?.customer) return null;
    const { customer, ...contact } = found;
    const { active, language, company, registration } = customer;
    return { contact: contact as Contact, customer: { active, language, company, registration } };
  }

  async recordLogin(id: string, at: Date, rehash?: string): Promise<void> {
    await this.contacts.update({ id }, rehash ? { lastLoginAt: at, passwordHash: rehash } : { lastLoginAt: at });
  }

  /** Access tokens of these contacts issued before `at` stop counting. */
  async markSessionsEnded(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length) await this.contacts.update({ id: In([...ids]) }, { sessionsValidAfter: at });
  }

  /**
   * Sets an active contact's password (guarded: a contact deactivated meanwhile keeps its
   * old one) and ends its earlier access tokens in the same statement; false when it wrote nothing.
   */
  async setOwnPassword(id: string, passwordHash: string, at: Date): Promise<boolean> {
    const result = await this.contacts.update(
      { id, active: true },
      { passwordHash, sessionsValidAfter: at, version: () => 'version + 1', updatedAt: at },
    );
    return Boolean(result.affected);
  }

  /** The active contact (`where` on `contact`) of an active customer, with that customer: who may use the portal; null for anyone else. */
  private async portalUser(where: string, params: Record<string, unknown>): Promise<PortalUser | null> {
    const found = await this.contacts
      .createQueryBuilder('contact')
      .innerJoinAndSelect('contact.customer', 'customer')
      .where(where, params)
      .andWhere('contact.active = :active AND customer.active = :active', { active: true })
      .getOne();
    if (!found?.customer) return null;
    const { customer, ...contact } = found;
    return { contact, customer };
  }

  /** `q`: every word matches the start of the first name, the last name or the email (folded keys, index ranges). */
  private search(qb: SelectQueryBuilder<Contact>, q: string | undefined): void {
    const words = (q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_WORDS);
    words.forEach((word, i) => {
      const ranges: Array<[string, string]> = [
        ['contact.first_name_key', nameKey(word)],
        ['contact.last_name_key', nameKey(word)],
        ['contact.email_key', caseKey(word)],
      ];
      qb.andWhere(
        new Brackets((any) => {
          any.where('1 = 0');
          ranges.forEach(([column, prefix], j) => {
            if (!prefix) return;
            const from = `from${i}_${j}`;
            const to = `to${i}_${j}`;
            const end = prefixUpperBound(prefix);
            const range = end === null ? `${column} >= :${from}` : `${column} >= :${from} AND ${column} < :${to}`;
            any.orWhere(`(${range})`, { [from]: prefix, [to]: end });
          });
        }),
      );
    });
  }
}
