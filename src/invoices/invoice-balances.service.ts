import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { Invoice, InvoiceStatus } from './invoice.entity';

/** What settles an invoice: payments (`amount_paid`) and credit applied from credit notes (`amount_credited`). */
export type Settlement = 'payment' | 'credit';

const AMOUNT = {
  payment: { property: 'amountPaid', column: 'amount_paid' },
  credit: { property: 'amountCredited', column: 'amount_credited' },
} as const;
/** The statuses that take payments and credit. */
export const PAYABLE: readonly InvoiceStatus[] = ['unpaid', 'partially_paid'];
/** The statuses a payment or credit can be taken back from. */
const SETTLED_SOME: readonly InvoiceStatus[] = ['partially_paid', 'paid'];

/** What is still due on an invoice: its total less what has been paid and credited. */
export const amountDueOf = (invoice: Pick<Invoice, 'total' | 'amountPaid' | 'amountCredited'>): bigint =>
  invoice.total - invoice.amountPaid - invoice.amountCredited;

/**
 * The balance of invoices, for the modules that settle them (payments, credit notes): an
 * amount is added by one guarded statement, only while the invoice is open and the sum of
 * what is paid and credited stays within its total, so concurrent payments and credits see
 * each other's; the status follows from that sum.
 */
@Injectable()
export class InvoiceBalances {
  constructor(private readonly connection: TransactionalConnection) {}

  private get invoices() {
    return this.connection.getRepository(Invoice);
  }

  /** The invoice as it is now (after a refused settlement, say). */
  current(id: string): Promise<Invoice> {
    return this.invoices.findOneByOrFail({ id });
  }

  /** Adds `amount` to what settles the invoice; false when that is refused (not open, or beyond its total). */
  async settle(invoiceId: string, amount: bigint, by: Settlement): Promise<boolean> {
    const { property, column } = AMOUNT[by];
    const added = await this.invoices
      .createQueryBuilder()
      .update()
      .set({ [property]: () => `${column} + :amount`, ...this.touched() })
      .where(`id = :invoiceId AND status IN (:...payable) AND amount_paid + amount_credited + :amount <= total`, {
        invoiceId,
        amount: Number(amount),
        payable: PAYABLE,
      })
      .execute();
    if (!added.affected) return false;
    await this.settleStatus(invoiceId);
    return true;
  }

  /** Takes `amount` back from what settles the invoice: it is open again (partially paid or unpaid). */
  async unsettle(invoiceId: string, amount: bigint, by: Settlement): Promise<void> {
    const { property, column } = AMOUNT[by];
    const taken = await this.invoices
      .createQueryBuilder()
      .update()
      .set({ [property]: () => `${column} - :amount`, ...this.touched() })
      .where(`id = :invoiceId AND ${column} >= :amount AND status IN (:...settled)`, {
        invoiceId,
        amount: Number(amount),
        settled: SETTLED_SOME,
      })
      .execute();
    if (!taken.affected) throw new Error(`invoice ${invoiceId} does not hold ${amount} of ${by}`);
    await this.settleStatus(invoiceId);
  }

  private touched() {
    return { version: () => 'version + 1', updatedAt: new Date() };
  }

  /**
   * The status of an invoice that has taken or given back an amount, from what settles it
   * (a statement of its own: MySQL and SQLite read the columns of one SET differently).
   */
  private async settleStatus(invoiceId: string): Promise<void> {
    await this.invoices
      .createQueryBuilder()
      .update()
      .set({
        status: () =>
          "CASE WHEN amount_paid + amount_credited >= total THEN 'paid' WHEN amount_paid + amount_credited = 0 THEN 'unpaid' ELSE 'partially_paid' END",
      })
      .where('id = :invoiceId', { invoiceId })
      .execute();
  }
}
