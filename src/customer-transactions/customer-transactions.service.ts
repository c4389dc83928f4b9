import { Injectable } from '@nestjs/common';
import type { Address } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { CurrenciesService } from '../currencies/currencies.service';
import type { Customer } from '../customers/customer.entity';
import { customerNotFound } from '../access/access.errors';
import type { StaffActor } from '../permissions/actor';
import { CustomerTransactionsRepository } from './customer-transactions.repository';

/** What a new document takes from its customer: the currency it must use and the addresses it snapshots. */
export interface DocumentParty {
  currency: string;
  billingAddress: Address;
  /** Null when the customer has no separate shipping address. */
  shippingAddress: Address | null;
}

/** A customer as its statement names it. */
export interface CustomerAccount {
  id: string;
  company: string;
  currency: string;
  /** Null: the system default. */
  language: string | null;
}

/**
 * The customer's side of its documents (invoices, estimates, payments, credit notes): the
 * one home of the currency rule. Documents call it inside their own transaction and never
 * write `customers` themselves.
 *
 * A document is counted first, by an unconditional increment of `transaction_count`: from
 * that statement on, the customer's row is taken (MySQL row lock; SQLite runs one
 * transaction at a time), and a currency change, which is guarded by
 * `transaction_count = 0`, can no longer succeed. The currency read after it is therefore
 * the one the customer keeps. An empty currency is fixed to the current default in the
 * same transaction, so changing the default later never moves a customer with documents.
 */
@Injectable()
export class CustomerTransactions {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly rows: CustomerTransactionsRepository,
    private readonly currencies: CurrenciesService,
    private readonly audit: AuditService,
  ) {}

  /** Counts a new document of the customer and answers its currency and addresses (404 when it does not exist). */
  async recordTransaction(actor: StaffActor, customerId: string): Promise<DocumentParty> {
    this.assertInTransaction();
    if (!(await this.rows.count(customerId, 1))) throw customerNotFound();
    const customer = await this.rows.party(customerId);
    const currency = customer.currency ?? (await this.fixCurrency(actor, customer));
    return {
      currency,
      billingAddress: { ...customer.billing },
      shippingAddress: customer.hasShippingAddress ? { ...customer.shipping } : null,
    };
  }

  /**
   * Uncounts a document that is gone (a deleted draft). The currency stays as it is: once
   * fixed, it is the customer's, and may be changed again only while nothing is counted.
   */
  async reverseTransaction(customerId: string): Promise<void> {
    this.assertInTransaction();
    await this.rows.count(customerId, -1);
  }

  /**
   * The account a statement is drawn up for: the customer's name, its currency (the current
   * default while it has no document) and language; 404 when it does not exist.
   */
  async accountOf(customerId: string): Promise<CustomerAccount> {
    const customer = await this.rows.account(customerId);
    if (!customer) throw customerNotFound();
    const currency = customer.currency ?? (await this.currencies.defaultCode());
    if (currency === null) throw new Error('no default currency: the currencies table is empty');
    return { id: customer.id, company: customer.company, currency, language: customer.language };
  }

  /** The language the customer's documents are written in; null for the system default (and for no such customer). */
  languageOf(customerId: string): Promise<string | null> {
    return this.rows.languageOf(customerId);
  }

  /** The customer's first document fixes its empty currency to the current default (the row is taken already). */
  private async fixCurrency(actor: StaffActor, customer: Customer): Promise<string> {
    const currency = await this.currencies.defaultCode();
    if (currency === null) throw new Error('no default currency: the currencies table is empty');
    await this.rows.fixCurrency(customer.id, currency);
    await this.audit.record(actor, [
      {
        customerId: customer.id,
        entityType: 'customer',
        entityId: customer.id,
        action: 'update',
        before: { currency: null },
        after: { currency },
      },
    ]);
    return currency;
  }

  private assertInTransaction(): void {
    if (!this.connection.inTransaction) throw new Error("documents are counted inside the document's transaction");
  }
}
