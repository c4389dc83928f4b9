import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An ISO 4217 currency and how amounts in it are written. Exactly one is the default. */
@Entity('currencies')
export class Currency {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  symbol: string;

  @Column({ type: 'integer' })
  decimals: number;

  @Column({ type: 'varchar', length: 1 })
  decimalSeparator: string;

  @Column({ type: 'varchar', length: 1 })
  thousandSeparator: string;

  @Column({ type: 'varchar', length: 6 })
  placement: 'before' | 'after';

  @Column({ type: 'boolean' })
  isDefault: boolean;

  /** 'Y' on the default currency, NULL elsewhere: a UNIQUE index then allows one default only. */
  @Index('uq_currencies_default', { unique: true })
  @Column({ type: 'varchar', length: 1, nullable: true })
  defaultKey: 'Y' | null;

  /**
   * Set once a document, payment or exchange rate is written in the currency, and never
   * cleared: from then on its decimals cannot change, so stored minor units keep their meaning.
   */
  @Column({ type: 'boolean', default: false })
  inUse: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
