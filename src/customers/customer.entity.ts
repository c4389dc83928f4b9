import { Address } from '@app/common';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Currency } from '../currencies/currency.entity';
import { Staff } from '../staff/staff.entity';

@Entity('customers')
@Index('ix_customers_active_company', ['active', 'companyKey', 'id'])
@Index('ix_customers_active_created', ['active', 'createdAt', 'id'])
@Index('ix_customers_company_key', ['companyKey', 'id'])
@Index('ix_customers_vat_key', ['vatKey'])
@Index('ix_customers_currency', ['currency', 'active', 'companyKey'])
@Index('ix_customers_country', ['address.country', 'active', 'companyKey'])
@Index('ix_customers_created_by', ['createdBy'])
export class Customer {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 191 })
  company: string;

  /** The company name folded (case, accents, punctuation, spacing): search and duplicates. */
  @Column({ type: 'varchar', length: 191 })
  companyKey: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  vat: string | null;

  /** The VAT number upper-cased, letters and digits only. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  vatKey: string | null;

  /**
   * The company key, held by a customer created without `force` (unique: of two such
   * creates of one company at once, one gets in); NULL once its company key changes.
   */
  @Index('uq_customers_company_claim', { unique: true })
  @Column({ type: 'varchar', length: 191, nullable: true })
  companyClaim: string | null;

  /** The VAT key, held like `companyClaim`; NULL once the VAT key changes. */
  @Index('uq_customers_vat_claim', { unique: true })
  @Column({ type: 'varchar', length: 50, nullable: true })
  vatClaim: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  website: string | null;

  @Column(() => Address, { prefix: false })
  address: Address;

  @Column(() => Address, { prefix: 'billing' })
  billing: Address;

  @Column({ type: 'boolean' })
  hasShippingAddress: boolean;

  @Column(() => Address, { prefix: 'shipping' })
  shipping: Address;

  /** ISO 4217 code; NULL means the default currency until the first document fixes it. */
  @Column({ type: 'varchar', length: 3, nullable: true })
  currency: string | null;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency', foreignKeyConstraintName: 'fk_customers_currency' })
  currencyRef?: Currency;

  @Column({ type: 'varchar', length: 5, nullable: true })
  language: string | null;

  @Column({ type: 'boolean' })
  active: boolean;

  /** Registered through the portal: `pending` until staff confirm it, then `confirmed`; null when staff created it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  registration: 'pending' | 'confirmed' | null;

  /** Invoices, estimates, payments and credit notes of this customer; moved by documents only. */
  @Column({ type: 'integer' })
  transactionCount: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_customers_created_by' })
  creator?: Staff;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
