import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { Customer } from '../customers/customer.entity';

/** The statements on a customer's row that its documents need, in the document's transaction. */
@Injectable()
export class CustomerTransactionsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get customers() {
    return this.connection.getRepository(Customer);
  }

  /** Adds `delta` to the customer's `transaction_count`, never below zero; false when no row changed. */
  async count(customerId: string, delta: 1 | -1): Promise<boolean> {
    const counted = await this.customers
      .createQueryBuilder()
      .update()
      .set({ transactionCount: () => `transaction_count ${delta > 0 ? '+' : '-'} 1` })
      .where(delta > 0 ? 'id = :customerId' : 'id = :customerId AND transaction_count > 0', { customerId })
      .execute();
    return Boolean(counted.affected);
  }

  /** The customer's currency and addresses. */
  party(customerId: string): Promise<Customer> {
    return this.customers.findOneByOrFail({ id: customerId });
  }

  /** The customer's name, currency and language, or null when it does not exist. */
  account(customerId: string): Promise<Pick<Customer, 'id' | 'company' | 'currency' | 'language'> | null> {
    return this.customers.findOne({
      select: { id: true, company: true, currency: true, language: true },
      where: { id: customerId },
    });
  }

  async languageOf(customerId: string): Promise<string | null> {
    const customer = await this.customers.findOne({ select: { id: true, language: true }, where: { id: customerId } });
    return customer?.language ?? null;
  }

  /** Sets the currency of a customer that has none (a new version). */
  async fixCurrency(customerId: string, currency: string): Promise<void> {
    await this.customers
      .createQueryBuilder()
      .update()
      .set({ currency, version: () => 'version + 1', updatedAt: new Date() })
      .where('id = :id AND currency IS NULL', { id: customerId })
      .execute();
  }
}
