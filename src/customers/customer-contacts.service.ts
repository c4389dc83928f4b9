import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { CustomerSearchTerm } from './customer-links.entity';
import { Customer } from './customer.entity';
import { customerNotFound } from './customers.errors';
import { SearchableCustomer, searchTerms } from './normalise';

export type SearchableContact = NonNullable<SearchableCustomer['contacts']>[number];

/**
 * What the contacts module needs of a customer while it changes the customer's contacts,
 * inside its transaction: the customer row taken for the change, and the customer's search
 * terms rewritten from the contacts' names and emails. The customers module owns both
 * tables; this small module lets contacts reach them without importing the customers module.
 */
@Injectable()
export class CustomerContacts {
  constructor(private readonly connection: TransactionalConnection) {}

  /**
   * Takes the customer's row for a change of its contacts and answers whether the customer
   * is active (404 when it does not exist). A write, not a read: concurrent contact changes
   * of one customer queue behind it on MySQL, and on a cluster one of them loses with a
   * conflict that the transaction helper retries; so the primary flag and the search terms
   * are always decided on the committed state. Only `updated_at` moves.
   */
  async takeForContactChange(customerId: string): Promise<{ active: boolean }> {
    const customers = this.connection.getRepository(Customer);
    const taken = await customers
      .createQueryBuilder()
      .update()
      .set({ updatedAt: new Date() })
      .where('id = :customerId', { customerId })
      .execute();
    if (!taken.affected) throw customerNotFound();
    const customer = await customers.findOneOrFail({ select: { id: true, active: true }, where: { id: customerId } });
    return { active: customer.active };
  }

  /** Rewrites the search terms of a customer from its own fields and these contacts. */
  async reindex(customerId: string, contacts: SearchableContact[]): Promise<void> {
    const customer = await this.connection
      .getRepository(Customer)
      .findOneOrFail({ select: { id: true, company: true, vat: true, phone: true }, where: { id: customerId } });
    await this.rewriteTerms(customer, contacts);
  }

  /** Adds the terms of a new contact to its customer's (those the customer has already stay). */
  async addTerms(customerId: string, contact: SearchableContact): Promise<void> {
    const rows = searchTerms({ company: '', contacts: [contact] }).map((term) => ({ customerId, term }));
    if (rows.length === 0) return;
    await this.connection
      .getRepository(CustomerSearchTerm)
      .createQueryBuilder()
      .insert()
      .values(rows)
      .orIgnore()
      .execute();
  }

  /** The terms of a customer whose searchable fields the caller holds already. */
  async rewriteTerms(
    customer: Pick<Customer, 'id' | 'company' | 'vat' | 'phone'>,
    contacts: SearchableContact[],
  ): Promise<void> {
    const terms = this.connection.getRepository(CustomerSearchTerm);
    await terms.delete({ customerId: customer.id });
    const rows = searchTerms({ ...customer, contacts }).map((term) => ({ customerId: customer.id, term }));
    if (rows.length) await terms.insert(rows);
  }
}
