import { Injectable } from '@nestjs/common';
import { In, SelectQueryBuilder } from 'typeorm';
import { sumFromDatabase } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { DocumentsRepository, type Narrow } from '../documents/documents.repository';
import { Invoice, InvoiceItem, InvoiceStatus } from './invoice.entity';
import { Payment } from './payment.entity';

/** Invoices that still follow their customer's addresses when asked: not paid, not cancelled. */
const OPEN_STATUSES: InvoiceStatus[] = ['draft', 'unpaid', 'partially_paid'];

/** Invoices that become overdue once their due date has passed. */
const PAYABLE_STATUSES: InvoiceStatus[] = ['unpaid', 'partially_paid'];
/** Invoices that count on a customer's account: issued, not cancelled. */
const ISSUED_EXCLUDED: InvoiceStatus[] = ['draft', 'cancelled'];

/** An issued invoice as a statement lists it. */
export interface LedgerInvoice {
  id: string;
  number: string | null;
  date: string;
  dueDate: string;
  total: bigint;
}

/** What an issued invoice still had unpaid by payments on a day, for the aging of a statement. */
export interface UnpaidInvoice {
  id: string;
  dueDate: string;
  unpaid: bigint;
}

/** What settles an invoice: payments (`amount_paid`) and credit applied from credit notes (`amount_credited`). */
export type Settlement = 'payment' | 'credit';

const AMOUNT = {
  payment: { property: 'amountPaid', column: 'amount_paid' },
  credit: { property: 'amountCredited', column: 'amount_credited' },
} as const;

/** The invoices and their lines: the lifecycle's statements, and those that move what settles an invoice. */
@Injectable()
export class InvoicesRepository extends DocumentsRepository<Invoice, InvoiceItem> {
  constructor(connection: TransactionalConnection, access: CustomerAccess) {
    super(
      {
        name: 'invoice',
        entity: Invoice,
        line: InvoiceItem,
        lineKey: 'invoiceId',
        open: { where: 'status IN (:...open)', params: { open: OPEN_STATUSES } },
      },
      connection,
      access,
    );
  }

  /**
   * The list's filters of the invoices' own columns: a status, a number, and whether they are
   * overdue on `today` (unpaid or partially paid, due before it).
   */
  filtered(
    filters: { status?: InvoiceStatus; number?: string; overdue?: 'true' | 'false' },
    today: string,
  ): Narrow<Invoice, InvoiceItem> {
    return (qb, alias) => {
      this.withStatus(filters.status)(qb, alias);
      if (filters.number) qb.andWhere(`${alias}.number = :number`, { number: filters.number });
      if (filters.overdue === undefined) return;
      const overdue = `(${alias}.status IN (:...overdueStatuses) AND ${alias}.due_date < :overdueDay)`;
      qb.andWhere(filters.overdue === 'true' ? overdue : `NOT ${overdue}`, {
        overdueStatuses: PAYABLE_STATUSES,
        overdueDay: today,
      });
    };
  }

  /** The invoice as it is now. */
  findByIdOrFail(id: string): Promise<Invoice> {
    return this.documents.findOneByOrFail({ id });
  }

  /**
   * Adds `amount` to what settles the invoice, only while its status is one of `payable`
   * and the sum of what is paid and credited stays within its total; false otherwise.
   */
  async addSettled(
    invoiceId: string,
    amount: bigint,
    by: Settlement,
    payable: readonly InvoiceStatus[],
  ): Promise<boolean> {
    const { property, column } = AMOUNT[by];
    const added = await this.documents
      .createQueryBuilder()
      .update()
      .set({ [property]: () => `${column} + :amount`, ...this.touched() })
      .where(`id = :invoiceId AND status IN (:...payable) AND amount_paid + amount_credited + :amount <= total`, {
        invoiceId,
        amount: Number(amount),
        payable,
      })
      .execute();
    return Boolean(added.affected);
  }

  /** Takes `amount` back from what settles the invoice, only while it holds that much and its status is one of `settled`. */
  async takeBackSettled(
    invoiceId: string,
    amount: bigint,
    by: Settlement,
    settled: readonly InvoiceStatus[],
  ): Promise<boolean> {
    const { property, column } = AMOUNT[by];
    const taken = await this.documents
      .createQueryBuilder()
      .update()
      .set({ [property]: () => `${column} - :amount`, ...this.touched() })
      .where(`id = :invoiceId AND ${column} >= :amount AND status IN (:...settled)`, {
        invoiceId,
        amount: Number(amount),
        settled,
      })
      .execute();
    return Boolean(taken.affected);
  }

  /** The total of the customer's issued invoices dated before `day`. */
  async invoicedBefore(customerId: string, day: string): Promise<bigint> {
    const row = await this.documents
      .createQueryBuilder('invoice')
      .select('SUM(invoice.total)', 'total')
      .where('invoice.customer_id = :customerId AND invoice.date < :day', { customerId, day })
      .andWhere('invoice.status NOT IN (:...excluded)', { excluded: ISSUED_EXCLUDED })
      .getRawOne<{ total: unknown }>();
    return sumFromDatabase(row?.total);
  }

  /** The customer's issued invoices dated from `from` to `to`, in date order. */
  async issuedBetween(customerId: string, from: string, to: string): Promise<LedgerInvoice[]> {
    const rows = await this.documents
      .createQueryBuilder('invoice')
      .select(['invoice.id AS id', 'invoice.number AS number', 'invoice.date AS date', 'invoice.due_date AS dueDate'])
      .addSelect('invoice.total', 'total')
      .where('invoice.customer_id = :customerId AND invoice.date >= :from AND invoice.date <= :to', {
        customerId,
        from,
        to,
      })
      .andWhere('invoice.status NOT IN (:...excluded)', { excluded: ISSUED_EXCLUDED })
      .orderBy('invoice.date')
      .addOrderBy('invoice.id')
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      id: String(row.id),
      number: row.number === null ? null : String(row.number),
      date: String(row.date),
      dueDate: String(row.dueDate ?? row.duedate),
      total: sumFromDatabase(row.total),
    }));
  }

  /**
   * The customer's issued invoices dated on or before `day` that payments dated on or before
   * it had not paid in full, with what remained (credit is the credit notes' to subtract).
   */
  async unpaidAt(customerId: string, day: string): Promise<UnpaidInvoice[]> {
    const paid = (qb: SelectQueryBuilder<Payment>) =>
      qb
        .subQuery()
        .select('COALESCE(SUM(payment.amount), 0)')
        .from(Payment, 'payment')
        .where('payment.invoice_id = invoice.id AND payment.date <= :day')
        .getQuery();
    const query = this.documents.createQueryBuilder('invoice');
    const paidSql = paid(query as unknown as SelectQueryBuilder<Payment>);
    const rows = await query
      .select(['invoice.id AS id', 'invoice.due_date AS dueDate'])
      .addSelect(`invoice.total - ${paidSql}`, 'unpaid')
      .where('invoice.customer_id = :customerId AND invoice.date <= :day', { customerId, day })
      .andWhere('invoice.status NOT IN (:...excluded)', { excluded: ISSUED_EXCLUDED })
      .andWhere(`invoice.total > ${paidSql}`)
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      id: String(row.id),
      dueDate: String(row.dueDate ?? row.duedate),
      unpaid: sumFromDatabase(row.unpaid),
    }));
  }

  /** The numbers of these invoices, by id (none without ids). */
  async numbersOf(ids: readonly string[]): Promise<Map<string, string | null>> {
    if (!ids.length) return new Map();
    const rows = await this.documents.find({ select: { id: true, number: true }, where: { id: In([...ids]) } });
    return new Map(rows.map((row) => [row.id, row.number]));
  }

  private touched() {
    return { version: () => 'version + 1', updatedAt: new Date() };
  }

  /**
   * The status of an invoice that has taken or given back an amount, from what settles it
   * (a statement of its own: MySQL and SQLite read the columns of one SET differently).
   */
  async settleStatus(invoiceId: string): Promise<void> {
    await this.documents
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
