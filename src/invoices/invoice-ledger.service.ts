import { Injectable } from '@nestjs/common';
import { InvoicesRepository, type LedgerInvoice, type UnpaidInvoice } from './invoices.repository';
import { PaymentsRepository, type LedgerPayment } from './payments.repository';

export type { LedgerInvoice, LedgerPayment, UnpaidInvoice };

/**
 * A customer's account as the invoices module keeps it, for statements: issued invoices
 * (not drafts, not cancelled) and payments, summed and listed in SQL. Amounts are minor units.
 */
@Injectable()
export class InvoiceLedger {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly payments: PaymentsRepository,
  ) {}

  /** What was invoiced and paid on days before `day`. */
  async before(customerId: string, day: string): Promise<{ invoiced: bigint; paid: bigint }> {
    const invoiced = await this.invoices.invoicedBefore(customerId, day);
    const paid = await this.payments.paidBefore(customerId, day);
    return { invoiced, paid };
  }

  invoicesBetween(customerId: string, from: string, to: string): Promise<LedgerInvoice[]> {
    return this.invoices.issuedBetween(customerId, from, to);
  }

  paymentsBetween(customerId: string, from: string, to: string): Promise<LedgerPayment[]> {
    return this.payments.between(customerId, from, to);
  }

  /** The invoices that payments by `day` had not paid in full, with what remained of each. */
  unpaidAt(customerId: string, day: string): Promise<UnpaidInvoice[]> {
    return this.invoices.unpaidAt(customerId, day);
  }

  numbersOf(ids: readonly string[]): Promise<Map<string, string | null>> {
    return this.invoices.numbersOf(ids);
  }
}
