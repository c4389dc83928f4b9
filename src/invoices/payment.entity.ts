import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BIGINT_COLUMN } from '@app/common';
import { Invoice } from './invoice.entity';

/**
 * Money received against an invoice, in integer minor units of the invoice's currency at
 * the invoice's `currencyDecimals`. The customer and currency are the invoice's, kept on the
 * row so lists filter and scope by customer without a join.
 */
@Entity('payments')
@Index('ix_payments_invoice_date', ['invoiceId', 'date', 'id'])
@Index('ix_payments_customer_date', ['customerId', 'date', 'id'])
@Index('ix_payments_date', ['date', 'id'])
// Covers the revenue report: a date range's payments read from the index alone.
@Index('ix_payments_report', ['date', 'currency', 'customerId', 'invoiceId', 'amount'])
export class Payment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  invoiceId: string;

  @ManyToOne(() => Invoice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'fk_payments_invoice' })
  invoice?: Invoice;

  @Column({ type: 'varchar', length: 36 })
  customerId: string;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'integer' })
  currencyDecimals: number;

  @Column({ type: 'bigint', transformer: BIGINT_COLUMN })
  amount: bigint;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 32 })
  mode: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
