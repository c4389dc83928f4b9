import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { Page, likePrefix, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { Currency } from './currency.entity';
import type { CurrencyListQueryDto, ExchangeRateListQueryDto } from './dto/currency.dto';
import { ExchangeRate } from './exchange-rate.entity';

/** The key of an exchange rate: one per currency and day. */
export type RateKey = Pick<ExchangeRate, 'currencyCode' | 'date'>;

/** The currencies and their exchange rates, in the current transaction when there is one. */
@Injectable()
export class CurrenciesRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get currencies() {
    return this.connection.getRepository(Currency);
  }

  private get rates() {
    return this.connection.getRepository(ExchangeRate);
  }

  /** A page of the currencies whose code or name starts with `q`, sorted by code or name. */
  async listPage(query: CurrencyListQueryDto): Promise<Page<Currency>> {
    const qb = this.currencies.createQueryBuilder('currency');
    if (query.q?.trim()) {
      const prefix = `${likePrefix(query.q)}%`;
      qb.where("(currency.code LIKE :code ESCAPE '!' OR LOWER(currency.name) LIKE :name ESCAPE '!')", {
        code: prefix.toUpperCase(),
        name: prefix,
      });
    }
    const sortable = { code: 'currency.code', name: 'currency.name' };
    return page(qb, query, { sortable, tieBreaker: 'currency.code' });
  }

  findByCode(code: string): Promise<Currency | null> {
    return this.currencies.findOneBy({ code });
  }

  exists(code: string): Promise<boolean> {
    return this.currencies.existsBy({ code });
  }

  /** The code, decimals and in-use mark of a currency, or null. */
  findDecimals(code: string): Promise<Currency | null> {
    return this.currencies.findOne({ select: { code: true, decimals: true, inUse: true }, where: { code } });
  }

  /** The code of the one default currency (null only on a database without currencies). */
  async defaultCode(): Promise<string | null> {
    const currency = await this.currencies.findOne({ select: { code: true }, where: { defaultKey: Not(IsNull()) } });
    return currency?.code ?? null;
  }

  /** Writes a new currency; answers it as written. */
  async insert(fields: Omit<Currency, 'inUse'>): Promise<Currency> {
    const manager = this.connection.manager;
    const currency = manager.create(Currency, fields);
    await manager.insert(Currency, currency);
    return currency;
  }

  /**
   * Changes a currency's columns; with `unlessInUse`, only while no amount is stored in it
   * (a document written in the currency meanwhile marks it in use, and then wins). False
   * when no row changed.
   */
  async update(code: string, changes: Partial<Currency>, unlessInUse: boolean): Promise<boolean> {
    const result = await this.connection.manager.update(
      Currency,
      unlessInUse ? { code, inUse: false } : { code },
      changes,
    );
    return Boolean(result.affected);
  }

  /** Makes the currency the default (the previous one cleared first). */
  async setDefault(code: string): Promise<void> {
    await this.connection.manager.update(
      Currency,
      { code },
      { isDefault: true, defaultKey: 'Y', updatedAt: new Date() },
    );
  }

  /** The default currency is no longer the default. */
  async clearDefault(): Promise<void> {
    await this.connection.manager.update(
      Currency,
      { defaultKey: Not(IsNull()) },
      { isDefault: false, defaultKey: null, updatedAt: new Date() },
    );
  }

  /** Marks the currency in use, once (the mark is never cleared). */
  async markInUse(code: string): Promise<void> {
    await this.connection.manager.update(Currency, { code, inUse: false }, { inUse: true });
  }

  /**
   * Deletes a currency unless it is the default (a currency that became the default
   * meanwhile stays); false when no row was deleted. The foreign keys of whatever refers to
   * it (customers, say) refuse the delete.
   */
  async deleteUnlessDefault(code: string): Promise<boolean> {
    const result = await this.connection.manager.delete(Currency, { code, defaultKey: IsNull() });
    return Boolean(result.affected);
  }

  /** A page of the currency's exchange rates, sorted by date. */
  ratesPage(code: string, query: ExchangeRateListQueryDto): Promise<Page<ExchangeRate>> {
    const rates = this.rates.createQueryBuilder('rate').where('rate.currency_code = :code', { code });
    // One rate per currency and day: the date alone orders the currency's rates.
    const options = { sortable: { date: 'rate.date' }, defaultSort: '-date', tieBreaker: 'rate.date' };
    return page(rates, query, options);
  }

  rateExists(key: RateKey): Promise<boolean> {
    return this.connection.manager.existsBy(ExchangeRate, key);
  }

  async insertRate(rate: ExchangeRate): Promise<void> {
    await this.connection.manager.insert(ExchangeRate, rate);
  }

  async updateRate(key: RateKey, rate: string): Promise<void> {
    await this.connection.manager.update(ExchangeRate, key, { rate });
  }
}
