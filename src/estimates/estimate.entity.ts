import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { Currency } from '../currencies/currency.entity';
import { Customer } from '../customers/customer.entity';
import { DocumentLine, SalesDocument } from '../documents/sales-document.entity';
import { Invoice } from '../invoices/invoice.entity';

export const ESTIMATE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'expired'] as const;
export type EstimateStatus = (typeof ESTIMATE_STATUSES)[number];

/**
 * An estimate: a sales document valid until its expiry date, which becomes an invoice when
 * converted. A sent estimate past its expiry date reads as `expired` (nothing is written
 * for that); `invoiceId` is the invoice it was converted to.
 */
@Entity('estimates')
@Index('ix_estimates_customer_date', ['customerId', 'date', 'id'])
@Index('ix_estimates_date', ['date', 'id'])
@Index('ix_estimates_status_date', ['status', 'date', 'id'])
@Index('ix_estimates_currency_date', ['currency', 'date', 'id'])
@Index('uq_estimates_sequence', ['sequenceNumber'], { unique: true })
@Index('ix_estimates_number', ['sequenceNumber', 'id'])
@Index('uq_estimates_invoice', ['invoiceId'], { unique: true })
export class Estimate extends SalesDocument<EstimateStatus> {
  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_estimates_customer' })
  customer?: Customer;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency', foreignKeyConstraintName: 'fk_estimates_currency' })
  currencyRef?: Currency;

  @Column({ type: 'date' })
  expiryDate: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  invoiceId: string | null;

  @ManyToOne(() => Invoice, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'fk_estimates_invoice' })
  invoice?: Invoice;

  /** The name typed by the contact who accepted it on the portal. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  acceptedByName: string | null;

  /** The reason a contact gave when declining it on the portal, if any. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  declineReason: string | null;

  /** When a contact accepted or declined it on the portal. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  respondedAt: Date | null;

  /** The contact who accepted or declined it on the portal. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  respondedByContactId: string | null;

  @OneToMany(() => EstimateItem, (item) => item.estimate)
  items?: EstimateItem[];
}

/** One line of an estimate. */
@Entity('estimate_items')
export class EstimateItem extends DocumentLine {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  estimateId: string;

  @ManyToOne(() => Estimate, (estimate) => estimate.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'estimate_id', foreignKeyConstraintName: 'fk_estimate_items_estimate' })
  estimate?: Estimate;
}
