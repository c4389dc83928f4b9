import type { LedgerInvoice, LedgerPayment, UnpaidInvoice } from '../invoices/invoice-ledger.service';
import type { LedgerApplication, LedgerNote } from '../credit-notes/credit-ledger.service';

export const STATEMENT_LINE_TYPES = ['invoice', 'payment', 'credit_note', 'credit_application'] as const;
export type StatementLineType = (typeof STATEMENT_LINE_TYPES)[number];

export const AGING_BUCKETS = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** One event of the account, in minor units: what it charges or credits, and the balance after it. */
export interface StatementLine {
  type: StatementLineType;
  date: string;
  /** The invoice, payment, credit note or credit application. */
  id: string;
  /** The document's number: the invoice's, the credit note's; for a payment, the invoice it paid. */
  number: string | null;
  /** The invoice a payment or credit went to. */
  invoiceNumber: string | null;
  /** An invoice's due date. */
  dueDate: string | null;
  /** A payment's mode. */
  mode: string | null;
  /** The document's own amount: an invoice's total, a payment, a note's credit, credit applied. */
  amount: bigint;
  charge: bigint;
  credit: bigint;
  balance: bigint;
}

/** The figures of a statement in minor units. */
export interface StatementFigures {
  from: string;
  to: string;
  openingBalance: bigint;
  lines: StatementLine[];
  invoiced: bigint;
  paid: bigint;
  credited: bigint;
  balanceDue: bigint;
  /** Credit issued by `to` and not yet applied to an invoice: not part of the balance due. */
  unappliedCredit: bigint;
  aging: Record<AgingBucket, bigint>;
}

/** What the invoices and credit-notes modules answer for a customer and a range. */
export interface LedgerData {
  from: string;
  to: string;
  before: { invoiced: bigint; paid: bigint; credited: bigint };
  invoices: LedgerInvoice[];
  payments: LedgerPayment[];
  notes: LedgerNote[];
  applications: LedgerApplication[];
  /** Invoice numbers of the applications' invoices. */
  invoiceNumbers: Map<string, string | null>;
  unpaidAt: UnpaidInvoice[];
  creditedByInvoiceAt: Map<string, bigint>;
  unappliedCredit: bigint;
}

/** Days from `earlier` to `later` (calendar days, YYYY-MM-DD). */
export function daysBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000);
}

/** The aging bucket of an amount due on `dueDate`, seen on `day`: current until the due date, then by days past due. */
export function agingBucket(dueDate: string, day: string): AgingBucket {
  const late = daysBetween(dueDate, day);
  if (late <= 0) return 'current';
  if (late <= 30) return 'days1To30';
  if (late <= 60) return 'days31To60';
  if (late <= 90) return 'days61To90';
  return 'over90';
}

/** The order of events on one day: what is charged first, then what settles it. */
const ORDER: Record<StatementLineType, number> = { invoice: 0, credit_note: 1, payment: 2, credit_application: 3 };

/**
 * The account of a customer from `from` to `to`: the balance due is what invoices charge
 * less what payments and applied credit settle, so at any day it is the sum of the invoices'
 * amounts due on that day. A credit note is listed when issued and lowers the balance when
 * its credit is applied to an invoice (its line then names both); credit not yet applied is
 * shown apart. The aging splits the balance due at `to` by how late each invoice is.
 */
export function drawStatement(data: LedgerData): StatementFigures {
  const openingBalance = data.before.invoiced - data.before.paid - data.before.credited;
  const events: Array<Omit<StatementLine, 'balance'>> = [
    ...data.invoices.map((invoice) => ({
      type: 'invoice' as const,
      date: invoice.date,
      id: invoice.id,
      number: invoice.number,
      invoiceNumber: invoice.number,
      dueDate: invoice.dueDate,
      mode: null,
      amount: invoice.total,
      charge: invoice.total,
      credit: 0n,
    })),
    ...data.payments.map((payment) => ({
      type: 'payment' as const,
      date: payment.date,
      id: payment.id,
      number: null,
      invoiceNumber: payment.invoiceNumber,
      dueDate: null,
      mode: payment.mode,
      amount: payment.amount,
      charge: 0n,
      credit: payment.amount,
    })),
    ...data.notes.map((note) => ({
      type: 'credit_note' as const,
      date: note.date,
      id: note.id,
      number: note.number,
      invoiceNumber: null,
      dueDate: null,
      mode: null,
      amount: note.total,
      charge: 0n,
      credit: 0n,
    })),
    ...data.applications.map((application) => ({
      type: 'credit_application' as const,
      date: application.date,
      id: application.id,
      number: application.creditNoteNumber,
      invoiceNumber: data.invoiceNumbers.get(application.invoiceId) ?? null,
      dueDate: null,
      mode: null,
      amount: application.amount,
      charge: 0n,
      credit: application.amount,
    })),
  ].sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : ORDER[a.type] - ORDER[b.type] || (a.id < b.id ? -1 : 1),
  );
  let balance = openingBalance;
  const lines = events.map((event) => {
    balance += event.charge - event.credit;
    return { ...event, balance };
  });
  const sum = (type: StatementLineType, pick: (line: StatementLine) => bigint) =>
    lines.filter((line) => line.type === type).reduce((total, line) => total + pick(line), 0n);
  const aging = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, 0n])) as Record<AgingBucket, bigint>;
  for (const invoice of data.unpaidAt) {
    const due = invoice.unpaid - (data.creditedByInvoiceAt.get(invoice.id) ?? 0n);
    if (due > 0n) aging[agingBucket(invoice.dueDate, data.to)] += due;
  }
  return {
    from: data.from,
    to: data.to,
    openingBalance,
    lines,
    invoiced: sum('invoice', (line) => line.charge),
    paid: sum('payment', (line) => line.credit),
    credited: sum('credit_application', (line) => line.credit),
    balanceDue: balance,
    unappliedCredit: data.unappliedCredit,
    aging,
  };
}
