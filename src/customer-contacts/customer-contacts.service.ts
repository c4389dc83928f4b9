import { Injectable } from '@nestjs/common';
import type { Customer } from '../customers/customer.entity';
import { customerNotFound } from '../access/access.errors';
import { SearchableCustomer, searchTerms } from './customer-keys';
import { CustomerContactsRepository } from './customer-contacts.repository';

export type SearchableContact = NonNullable<SearchableCustomer['contacts']>[number];

/**
 * What the contacts module needs of a customer while it changes the customer's contacts,
 * inside its transaction: the customer row taken for the change, and the customer's search
 * terms rewritten from the contacts' names and emails. The customers module owns both
 * tables; this module, a part of it in a folder of its own, lets contacts reach them
 * without importing the customers module (which imports contacts).
 */
@Injectable()
export class CustomerContacts {
  constructor(private readonly rows: CustomerContactsRepository) {}

  /**
   * Takes the customer's row for a change of its contacts and answers whether the customer
   * is active (404 when it does not exist). A write, not a read: concurrent contact changes
   * of one customer queue behind it on MySQL, and on a cluster one of them loses with a
   * conflict that the transaction helper retries; so the primary flag and the search terms
   * are always decided on the committed state. Only `updated_at` moves.
   */
  async takeForContactChange(customerId: string): Promise<{ active: boolean }> {
    if (!(await this.rows.touch(customerId))) throw customerNotFound();
    return { active: await this.rows.isActive(customerId) };
  }

  /** Rewrites the search terms of a customer from its own fields and these contacts. */
  async reindex(customerId: string, contacts: SearchableContact[]): Promise<void> {
    await this.rewriteTerms(await this.rows.searchable(customerId), contacts);
  }

  /** Adds the terms of a new contact to its customer's (those the customer has already stay). */
  async addTerms(customerId: string, contact: SearchableContact): Promise<void> {
    await this.rows.addTerms(customerId, searchTerms({ company: '', contacts: [contact] }));
  }

  /** The terms of a customer whose searchable fields the caller holds already. */
  async rewriteTerms(
    customer: Pick<Customer, 'id' | 'company' | 'vat' | 'phone'>,
    contacts: SearchableContact[],
  ): Promise<void> {
    await this.rows.replaceTerms(customer.id, searchTerms({ ...customer, contacts }));
  }
}
