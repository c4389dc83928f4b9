import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Currency } from './currency.entity';

/** How many units of the default currency one unit of `currencyCode` was worth on `date`. */
@Entity('exchange_rates')
export class ExchangeRate {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  currencyCode: string;

  @PrimaryColumn({ type: 'date' })
  date: string;

  /** A decimal string (never a float), up to 8 decimals. */
  @Column({ type: 'varchar', length: 32 })
  rate: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => Currency, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'currency_code', foreignKeyConstraintName: 'fk_exchange_rates_currency' })
  currency?: Currency;
}
