import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { BIGINT_COLUMN } from '@app/common';
import { Currency } from '../currencies/currency.entity';
import { Customer } from '../customers/customer.entity';
import { DocumentLine, SalesDocument } from '../documents/sales-document.entity';
import { Invoice } from '../invoices/invoice.entity';

export const CREDIT_NOTE_STATUSES = ['open', 'closed', 'void'] as const;
export type CreditNoteStatus = (typeof CREDIT_NOTE_STATUSES)[number];

const money = { type: 'bigint', transformer: BIGINT_COLUMN } as const;

/**
 * A credit note: credit the company owes its customer, numbered when created. Its credit is
 * applied to the customer's open invoices (`amountApplied`); it is `open` while credit
 * remains, `closed` once all of it is applied, and `void` when withdrawn before any was.
 * `invoiceId` names the invoice it was issued for, if any.
 */
@Entity('credit_notes')
@Index('ix_credit_notes_customer_date', ['customerId', 'date', 'id'])
@Index('ix_credit_notes_date', ['date', 'id'])
@Index('ix_credit_notes_status_date', ['status', 'date', 'id'])
@Index('ix_credit_notes_currency_date', ['currency', 'date', 'id'])
@Index('ix_credit_notes_invoice', ['invoiceId'])
@Index('uq_credit_notes_sequence', ['sequenceNumber'], { unique: true })
@Index('ix_credit_notes_number', ['sequenceNumber', 'id'])
export class CreditNote extends SalesDocument<CreditNoteStatus> {
  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_credit_notes_customer' })
  customer?: Customer;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency', foreignKeyConstraintName: 'fk_credit_notes_currency' })
  currencyRef?: Currency;

  @Column(money)
  amountApplied: bigint;

  @Column({ type: 'varchar', length: 36, nullable: true })
  invoiceId: string | null;

  @ManyToOne(() => Invoice, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'fk_credit_notes_invoice' })
  invoice?: Invoice;

  @OneToMany(() => CreditNoteItem, (item) => item.creditNote)
  items?: CreditNoteItem[];
}

/** One line of a credit note. */
@Entity('credit_note_items')
export class CreditNoteItem extends DocumentLine {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  creditNoteId: string;

  @ManyToOne(() => CreditNote, (note) => note.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credit_note_id', foreignKeyConstraintName: 'fk_credit_note_items_credit_note' })
  creditNote?: CreditNote;
}

/** Credit of a credit note applied to an invoice of the same customer (in its currency). */
@Entity('credit_applications')
@Index('ix_credit_applications_credit_note', ['creditNoteId', 'date', 'id'])
@Index('ix_credit_applications_invoice', ['invoiceId'])
export class CreditApplication {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  creditNoteId: string;

  @ManyToOne(() => CreditNote, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_note_id', foreignKeyConstraintName: 'fk_credit_applications_credit_note' })
  creditNote?: CreditNote;

  @Column({ type: 'varchar', length: 36 })
  invoiceId: string;

  @ManyToOne(() => Invoice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'fk_credit_applications_invoice' })
  invoice?: Invoice;

  @Column(money)
  amount: bigint;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
