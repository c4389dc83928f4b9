import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { CustomerSearchTerm } from '../customers/customer-links.entity';
import { Customer } from '../customers/customer.entity';

/** The statements on `customers` and `customer_search_terms` that a change of contacts needs, in the caller's transaction. */
@Injectable()
export class CustomerContactsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Moves the customer's `updated_at` (and so takes its row); false when there is no such customer. */
  async touch(customerId: string): Promise<boolean> {
    const taken = await this.connection
      .getRepository(Customer)
      .createQueryBuilder()
      .update()
      .set({ updatedAt: new Date() })
      .where('id = :customerId', { customerId })
      .execute();
    return Boolean(taken.affected);
  }

  async isActive(customerId: string): Promise<boolean> {
    const customer = await this.connection
      .getRepository(Customer)
      .findOneOrFail({ select: { id: true, active: true }, where: { id: customerId } });
    return customer.active;
  }

  /** The customer's own searchable fields. */
  searchable(customerId: string): Promise<Pick<Customer, 'id' | 'company' | 'vat' | 'phone'>> {
    return this.connection
      .getRepository(Customer)
      .findOneOrFail({ select: { id: true, company: true, vat: true, phone: true }, where: { id: customerId } });
  }

  /** Adds terms to a customer's (those it has already stay). */
  async addTerms(customerId: string, terms: readonly string[]): Promise<void> {
    if (terms.length === 0) return;
    await this.connection
      .getRepository(CustomerSearchTerm)
      .createQueryBuilder()
      .insert()
      .values(terms.map((term) => ({ customerId, term })))
      .orIgnore()
      .execute();
  }

  /** Makes `terms` the customer's whole set of terms. */
  async replaceTerms(customerId: string, terms: readonly string[]): Promise<void> {
    const repository = this.connection.getRepository(CustomerSearchTerm);
    await repository.delete({ customerId });
    if (terms.length) await repository.insert(terms.map((term) => ({ customerId, term })));
  }
}
