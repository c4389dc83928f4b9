import { Injectable } from '@nestjs/common';
import { Page, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess, type CustomerScope } from '../access/customer-access.service';
import { StaffActor } from '../permissions/actor';
import type { PaymentListQueryDto } from './dto/payment.dto';
import { Payment } from './payment.entity';

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
