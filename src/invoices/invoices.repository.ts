import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { DocumentsRepository, type Narrow } from '../documents/documents.repository';
import { Invoice, InvoiceItem, InvoiceStatus } from './invoice.entity';

/** Invoices that still follow their customer's addresses when asked: not paid, not cancelled. */
const OPEN_STATUSES: InvoiceStatus[] = ['draft', 'unpaid', 'partially_paid'];

/** Invoices that become overdue once their due date has passed. */
const PAYABLE_STATUSES: InvoiceStatus[] = ['unpaid', 'partially_paid'];

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
