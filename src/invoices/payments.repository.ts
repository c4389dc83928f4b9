import { Injectable } from '@nestjs/common';
import { Page, page, sumFromDatabase } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess, type CustomerScope } from '../access/customer-access.service';
import { StaffActor } from '../permissions/actor';
import type { PaymentListQueryDto } from './dto/payment.dto';
import { Payment } from './payment.entity';

/** A payment as a statement lists it. */
export interface LedgerPayment {
  id: string;
  date: string;
  mode: string;
  amount: bigint;
  invoiceId: string;
  invoiceNumber: string | null;
}

const SORTABLE = { date: 'payment.date' };

/** The payments table, read under the customer access rule. */
@Injectable()
export class PaymentsRepository {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
  ) {}

  private get payments() {
    return this.connection.getRepository(Payment);
  }

  async insert(payment: Payment): Promise<void> {
    await this.payments.createQueryBuilder().insert().values(payment).updateEntity(false).execute();
  }

  /** The payment, if `actor` reaches its customer within `scope` (the customer scope when none is given). */
  findVisible(actor: StaffActor, id: string, scope?: CustomerScope): Promise<Payment | null> {
    const qb = this.payments.createQueryBuilder('payment').where('payment.id = :id', { id });
    this.access.restrict(qb, actor, 'payment.customer_id', scope);
    return qb.getOne();
  }

  /** The payments of an invoice, oldest first. */
  ofInvoice(invoiceId: string): Promise<Payment[]> {
    return this.payments.find({ where: { invoiceId }, order: { date: 'ASC', id: 'ASC' } });
  }

  /** Deletes the payment; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const removed = await this.payments.createQueryBuilder().delete().where('id = :id', { id }).execute();
    return Boolean(removed.affected);
  }

  /** The payments of the customer dated before `day`, summed. */
  async paidBefore(customerId: string, day: string): Promise<bigint> {
    const row = await this.payments
      .createQueryBuilder('payment')
      .select('SUM(payment.amount)', 'amount')
      .where('payment.customer_id = :customerId AND payment.date < :day', { customerId, day })
      .getRawOne<{ amount: unknown }>();
    return sumFromDatabase(row?.amount);
  }

  /** The customer's payments dated from `from` to `to`, in date order, with the number of the invoice each paid. */
  async between(customerId: string, from: string, to: string): Promise<LedgerPayment[]> {
    const rows = await this.payments
      .createQueryBuilder('payment')
      .innerJoin('payment.invoice', 'invoice')
      .select(['payment.id AS id', 'payment.date AS date', 'payment.mode AS mode'])
      .addSelect('payment.amount', 'amount')
      .addSelect('payment.invoice_id', 'invoiceId')
      .addSelect('invoice.number', 'invoiceNumber')
      .where('payment.customer_id = :customerId AND payment.date >= :from AND payment.date <= :to', {
        customerId,
        from,
        to,
      })
      .orderBy('payment.date')
      .addOrderBy('payment.id')
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      id: String(row.id),
      date: String(row.date),
      mode: String(row.mode),
      amount: sumFromDatabase(row.amount),
      invoiceId: String(row.invoiceId),
      invoiceNumber: row.invoiceNumber === null ? null : String(row.invoiceNumber),
    }));
  }

  /**
   * The next `size` payments of an export after `after`, in (date, id) order, with their
   * invoice's number: a keyset batch.
   */
  async exportBatch(
    filter: { customerId: string; mode?: string; from?: string; to?: string },
    after: { date: string; id: string } | null,
    size: number,
  ): Promise<Array<Payment & { invoiceNumber: string | null }>> {
    const qb = this.payments
      .createQueryBuilder('payment')
      .leftJoin('payment.invoice', 'invoice')
      .addSelect(['invoice.id', 'invoice.number'])
      .where('payment.customer_id = :customerId', { customerId: filter.customerId });
    if (filter.mode) qb.andWhere('payment.mode = :mode', { mode: filter.mode });
    if (filter.from) qb.andWhere('payment.date >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('payment.date <= :to', { to: filter.to });
    if (after) {
      qb.andWhere('(payment.date > :afterDate OR (payment.date = :afterDate AND payment.id > :afterId))', {
        afterDate: after.date,
        afterId: after.id,
      });
    }
    const rows = await qb.orderBy('payment.date').addOrderBy('payment.id').limit(size).getMany();
    return rows.map(({ invoice, ...payment }) => ({ ...payment, invoiceNumber: invoice?.number ?? null }));
  }

  /** A page of the payments within `scope` of `actor`, filtered by invoice, customer, mode and dates. */
  listPage(actor: StaffActor, scope: CustomerScope, query: PaymentListQueryDto): Promise<Page<Payment>> {
    const qb = this.payments.createQueryBuilder('payment');
    this.access.restrict(qb, actor, 'payment.customer_id', scope);
    if (query.invoiceId) qb.andWhere('payment.invoice_id = :invoiceId', { invoiceId: query.invoiceId });
    if (query.customerId) qb.andWhere('payment.customer_id = :customerId', { customerId: query.customerId });
    if (query.mode) qb.andWhere('payment.mode = :mode', { mode: query.mode });
    if (query.dateFrom) qb.andWhere('payment.date >= :dateFrom', { dateFrom: query.dateFrom });
    if (query.dateTo) qb.andWhere('payment.date <= :dateTo', { dateTo: query.dateTo });
    return page(qb, query, { sortable: SORTABLE, defaultSort: '-date', tieBreaker: 'payment.id', keysFirst: true });
  }
}
