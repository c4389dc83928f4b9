import { Column, PrimaryColumn } from 'typeorm';
import { Address, BIGINT_COLUMN } from '@app/common';

const money = { type: 'bigint', transformer: BIGINT_COLUMN } as const;

/**
 * The columns every sales document (an invoice, an estimate) has; each document is its own
 * table and declares its relations, indexes and own columns. Amounts are integer minor
 * units at `currencyDecimals` (the currency's decimals when it was created), so later edits
 * of the currency never change what a document says. The addresses are the customer's at
 * creation (a snapshot).
 */
export abstract class SalesDocument<Status extends string = string> {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The number shown (`INV-000042`); null while a draft. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  number: string | null;

  /** The number's place in its series: sorts documents by number, unique. */
  @Column({ type: 'integer', nullable: true })
  sequenceNumber: number | null;

  @Column({ type: 'varchar', length: 36 })
  customerId: string;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'integer' })
  currencyDecimals: number;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 16 })
  status: Status;

  @Column(money)
  subtotal: bigint;

  @Column(money)
  taxTotal: bigint;

  @Column(money)
  total: bigint;

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
}

/** One line of a sales document: the decimal strings as sent, and its rounded net and tax in minor units. */
export abstract class DocumentLine {
  @PrimaryColumn({ type: 'integer' })
  position: number;

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
