import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { BIGINT_COLUMN } from '@app/common';
import { Currency } from '../currencies/currency.entity';
import { Address } from '../customers/address';
import { Customer } from '../customers/customer.entity';

export const INVOICE_STATUSES = ['draft', 'unpaid', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

const money = { type: 'bigint', transformer: BIGINT_COLUMN } as const;

/**
 * An invoice. Amounts are integer minor units of its currency at `currencyDecimals` (the
 * currency's decimals when it was created), so later edits of the currency never change
 * what an invoice says. The addresses are the customer's at creation (a snapshot).
 */
@Entity('invoices')
@Index('ix_invoices_customer_date', ['customerId', 'date', 'id'])
@Index('ix_invoices_date', ['date', 'id'])
@Index('ix_invoices_status_date', ['status', 'date', 'id'])
@Index('ix_invoices_currency_date', ['currency', 'date', 'id'])
@Index('uq_invoices_sequence', ['sequenceNumber'], { unique: true })
export class Invoice {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The number shown (`INV-000042`); null while a draft. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  number: string | null;

  /** The number's place in the invoice series: sorts invoices by number, unique. */
  @Column({ type: 'integer', nullable: true })
  sequenceNumber: number | null;

  @Column({ type: 'varchar', length: 36 })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_invoices_customer' })
  customer?: Customer;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency', foreignKeyConstraintName: 'fk_invoices_currency' })
  currencyRef?: Currency;

  @Column({ type: 'integer' })
  currencyDecimals: number;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 16 })
  status: InvoiceStatus;

  @Column(money)
  subtotal: bigint;

  @Column(money)
  taxTotal: bigint;

  @Column(money)
  total: bigint;

  @Column(money)
  amountPaid: bigint;

  @Column(() => Address, { prefix: 'billing' })
  billing: Address;

  @Column({ type: 'boolean' })
  hasShippingAddress: boolean;

  @Column(() => Address, { prefix: 'shipping' })
  shipping: Address;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @OneToMany(() => InvoiceItem, (item) => item.invoice)
  items?: InvoiceItem[];
}

/** One line of an invoice: the decimal strings as sent, and its rounded net and tax in minor units. */
@Entity('invoice_items')
export class InvoiceItem {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  invoiceId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @ManyToOne(() => Invoice, (invoice) => invoice.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'fk_invoice_items_invoice' })
  invoice?: Invoice;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'varchar', length: 20 })
  quantity: string;

  @Column({ type: 'varchar', length: 20 })
  unitPrice: string;

  @Column({ type: 'varchar', length: 10 })
  taxRate: string;

  @Column(money)
  net: bigint;

  @Column(money)
  tax: bigint;
}
