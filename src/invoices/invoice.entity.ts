import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { BIGINT_COLUMN } from '@app/common';
import { Currency } from '../currencies/currency.entity';
import { Customer } from '../customers/customer.entity';
import { DocumentLine, SalesDocument } from '../documents/sales-document.entity';

export const INVOICE_STATUSES = ['draft', 'unpaid', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** An invoice: a sales document with a due date and what has been paid of it. */
@Entity('invoices')
@Index('ix_invoices_customer_date', ['customerId', 'date', 'id'])
@Index('ix_invoices_date', ['date', 'id'])
@Index('ix_invoices_status_date', ['status', 'date', 'id'])
@Index('ix_invoices_currency_date', ['currency', 'date', 'id'])
// Covers the revenue report: a date range's invoiced totals read from the index alone.
@Index('ix_invoices_report', ['date', 'status', 'currency', 'customerId', 'total'])
// Finds the cancelled invoices that still hold money (cancelled outside the application), which the revenue report reads.
@Index('ix_invoices_status_settled', ['status', 'amountPaid', 'amountCredited'])
@Index('uq_invoices_sequence', ['sequenceNumber'], { unique: true })
export class Invoice extends SalesDocument<InvoiceStatus> {
  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_invoices_customer' })
  customer?: Customer;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency', foreignKeyConstraintName: 'fk_invoices_currency' })
  currencyRef?: Currency;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'bigint', transformer: BIGINT_COLUMN })
  amountPaid: bigint;

  /** Credit applied to the invoice from credit notes. */
  @Column({ type: 'bigint', transformer: BIGINT_COLUMN, default: 0 })
  amountCredited: bigint;

  @OneToMany(() => InvoiceItem, (item) => item.invoice)
  items?: InvoiceItem[];
}

/** One line of an invoice. */
@Entity('invoice_items')
export class InvoiceItem extends DocumentLine {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  invoiceId: string;

  @ManyToOne(() => Invoice, (invoice) => invoice.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'fk_invoice_items_invoice' })
  invoice?: Invoice;
}
