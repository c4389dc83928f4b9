import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { Contact } from './contact.entity';

/** A contact with what the portal needs of its customer on every request. */
export interface PortalContactRow {
  contact: Contact;
  customer: { active: boolean; language: string | null; company: string };
}

/** The queries of contacts on the portal: who signs in, who is signed in, and the marks their sessions leave. */
@Injectable()
export class PortalContactsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get contacts() {
    return this.connection.getRepository(Contact);
  }

  /** A contact with its customer's active flag, language and name, by primary key or by email key, in one statement. */
  async find(where: { id: string } | { emailKey: string }): Promise<PortalContactRow | null> {
    const qb = this.contacts
      .createQueryBuilder('contact')
      .innerJoin('contact.customer', 'customer')
      .addSelect(['customer.active', 'customer.language', 'customer.company']);
    if ('id' in where) qb.where('contact.id = :id', { id: where.id });
    else qb.where('contact.email_key = :emailKey', { emailKey: where.emailKey });
    const found = await qb.getOne();
    if (!found?.customer) return null;
    const { customer, ...contact } = found;
    const { active, language, company } = customer;
    return { contact: contact as Contact, customer: { active, language, company } };
  }

  async recordLogin(id: string, at: Date, rehash?: string): Promise<void> {
    await this.contacts.update({ id }, rehash ? { lastLoginAt: at, passwordHash: rehash } : { lastLoginAt: at });
  }

  /** Access tokens of these contacts issued before `at` stop counting. */
  async markSessionsEnded(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length) await this.contacts.update({ id: In([...ids]) }, { sessionsValidAfter: at });
  }

  async idsOfCustomer(customerId: string): Promise<string[]> {
    const rows = await this.contacts.find({ select: { id: true }, where: { customerId } });
    return rows.map((r) => r.id);
  }

  /**
   * Sets an active contact's password (guarded: a contact deactivated meanwhile keeps its
   * old one) and ends its earlier access tokens in the same statement; answers whether it wrote.
   */
  async setPassword(id: string, passwordHash: string, at: Date): Promise<boolean> {
    const result = await this.contacts.update(
      { id, active: true },
      { passwordHash, sessionsValidAfter: at, version: () => 'version + 1', updatedAt: at },
    );
    return (result.affected ?? 0) > 0;
  }
}
