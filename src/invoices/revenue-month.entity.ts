import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BIGINT_COLUMN } from '@app/common';

/**
 * What a customer was paid and invoiced in one currency and one calendar month (`yyyymm`),
 * kept by the invoices module in the transaction of every change to an invoice or a payment,
 * so that revenue over months is read from one row per customer and month instead of every
 * document: `received` sums the payments dated in the month on invoices that are not
 * cancelled, `invoiced` the totals of the invoices dated in the month that are neither drafts
 * nor cancelled; `payments` and `invoices` count them (a customer with only zero amounts still
 * had activity).
 */
@Entity('revenue_months')
// Covers a range of months read from the index alone, in the order the report groups.
@Index('ix_revenue_months_month', ['month', 'customerId', 'currency', 'received', 'invoiced', 'payments', 'invoices'])
export class RevenueMonth {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  customerId: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  currency: string;

  @PrimaryColumn({ type: 'integer' })
  month: number;

  @Column({ type: 'bigint', transformer: BIGINT_COLUMN })
  received: bigint;

  @Column({ type: 'bigint', transformer: BIGINT_COLUMN })
  invoiced: bigint;

  @Column({ type: 'integer' })
  payments: number;

  @Column({ type: 'integer' })
  invoices: number;
}
