import { Injectable } from '@nestjs/common';
import type { Invoice } from './invoice.entity';
import type { Payment } from './payment.entity';
import { RevenueDelta, RevenueMonthsRepository } from './revenue-months.repository';

/** The statuses whose total is not invoiced revenue. */
const NOT_INVOICED: readonly string[] = ['draft', 'cancelled'];

/** `YYYY-MM-DD` → `yyyymm`. */
export const monthOf = (day: string): number => Number(day.slice(0, 4)) * 100 + Number(day.slice(5, 7));

type InvoiceFacts = Pick<Invoice, 'customerId' | 'currency' | 'date' | 'status' | 'total'>;

/**
 * Revenue per customer, currency and month, kept in the transaction of every change that
 * moves it, so that reports over months read one row per customer and month:
 *
 * - an invoice counts its total as invoiced in its month while it is neither a draft nor
 *   cancelled (created issued, a draft issued, its total or date edited, cancelled);
 * - a payment counts as received in its month (made, taken back). A payment's invoice is
 *   never cancelled: only an invoice with nothing paid or credited can be cancelled, and a
 *   cancelled one takes no payment. Credit applied from credit notes is not money received
 *   and moves nothing here.
 *
 * Callers write the document first, then this (the lock order of every document write:
 * customer, document, revenue rows).
 */
@Injectable()
export class RevenueMonths {
  constructor(private readonly months: RevenueMonthsRepository) {}

  /** An invoice created (`before` undefined) or changed from `before` to `after`. */
  invoiceChanged(before: InvoiceFacts | undefined, after: InvoiceFacts): Promise<void> {
    return this.months.add(merged([...invoiceShare(before, -1), ...invoiceShare(after, 1)]));
  }

  /** A payment made (`sign` 1) or taken back (`sign` -1). */
  paymentChanged(payment: Pick<Payment, 'customerId' | 'currency' | 'date' | 'amount'>, sign: 1 | -1): Promise<void> {
    return this.months.add([
      {
        customerId: payment.customerId,
        currency: payment.currency,
        month: monthOf(payment.date),
        received: payment.amount * BigInt(sign),
        invoiced: 0n,
        payments: sign,
        invoices: 0,
      },
    ]);
  }
}

/** What an invoice adds to its month (`sign` 1) or takes from it (-1): nothing unless it counts as invoiced. */
function invoiceShare(invoice: InvoiceFacts | undefined, sign: 1 | -1): RevenueDelta[] {
  if (invoice === undefined || NOT_INVOICED.includes(invoice.status)) return [];
  return [
    {
      customerId: invoice.customerId,
      currency: invoice.currency,
      month: monthOf(invoice.date),
      received: 0n,
      invoiced: invoice.total * BigInt(sign),
      payments: 0,
      invoices: sign,
    },
  ];
}

/** Deltas of the same row added together; those that change nothing left out. */
function merged(deltas: readonly RevenueDelta[]): RevenueDelta[] {
  const rows = new Map<string, RevenueDelta>();
  for (const delta of deltas) {
    const key = `${delta.customerId}|${delta.currency}|${delta.month}`;
    const row = rows.get(key);
    if (!row) rows.set(key, { ...delta });
    else {
      row.received += delta.received;
      row.invoiced += delta.invoiced;
      row.payments += delta.payments;
      row.invoices += delta.invoices;
    }
  }
  return [...rows.values()].filter(
    (row) => row.received !== 0n || row.invoiced !== 0n || row.payments !== 0 || row.invoices !== 0,
  );
}
