import { Injectable } from '@nestjs/common';
import { Invoice, InvoiceStatus } from './invoice.entity';
import { InvoicesRepository, type Settlement } from './invoices.repository';

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
  constructor(private readonly invoices: InvoicesRepository) {}

  /** The invoice as it is now (after a refused settlement, say). */
  current(id: string): Promise<Invoice> {
    return this.invoices.findByIdOrFail(id);
  }

  /** Adds `amount` to what settles the invoice; false when that is refused (not open, or beyond its total). */
  async settle(invoiceId: string, amount: bigint, by: Settlement): Promise<boolean> {
    if (!(await this.invoices.addSettled(invoiceId, amount, by, PAYABLE))) return false;
    await this.invoices.settleStatus(invoiceId);
    return true;
  }

  /** Takes `amount` back from what settles the invoice: it is open again (partially paid or unpaid). */
  async unsettle(invoiceId: string, amount: bigint, by: Settlement): Promise<void> {
    if (!(await this.invoices.takeBackSettled(invoiceId, amount, by, SETTLED_SOME))) {
      throw new Error(`invoice ${invoiceId} does not hold ${amount} of ${by}`);
    }
    await this.invoices.settleStatus(invoiceId);
  }
}
