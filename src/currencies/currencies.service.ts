import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import { mapPage, Page, page, likePrefix, unknownReference } from '@app/common';
import { isForeignKeyViolation, isUniqueViolation, TransactionalConnection } from '@app/database';
import {
  currencyDefaultRequired,
  currencyExists,
  currencyDecimalsLocked,
  currencyInUse,
  currencyIsDefault,
  currencyNotFound,
  isDefaultCurrencyRace,
} from './currencies.errors';
import { Currency } from './currency.entity';
import {
  CreateCurrencyDto,
  CreateExchangeRateDto,
  CurrencyDto,
  ExchangeRateDto,
  ExchangeRateListQueryDto,
  UpdateCurrencyDto,
  CurrencyListQueryDto,
} from './dto/currency.dto';
import { ExchangeRate } from './exchange-rate.entity';

const toCurrencyDto = (currency: Currency): CurrencyDto => ({
  code: currency.code,
  name: currency.name,
  symbol: currency.symbol,
  decimals: currency.decimals,
  decimalSeparator: currency.decimalSeparator,
  thousandSeparator: currency.thousandSeparator,
  placement: currency.placement,
  isDefault: Boolean(currency.isDefault),
  inUse: Boolean(currency.inUse),
});

/** The fields a PATCH sent, texts trimmed, without `isDefault`, which moves only through the default switch. */
function definedFields(dto: UpdateCurrencyDto): Partial<Currency> {
  const { isDefault: _isDefault, ...fields } = dto;
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key,
        typeof value === 'string' && ['name', 'symbol'].includes(key) ? value.trim() : value,
      ]),
  );
}

const toRateDto = (rate: ExchangeRate): ExchangeRateDto => ({
  currency: rate.currencyCode,
  rate: rate.rate,
  date: rate.date,
});

@Injectable()
export class CurrenciesService {
  constructor(private readonly connection: TransactionalConnection) {}

  async list(query: CurrencyListQueryDto): Promise<Page<CurrencyDto>> {
    const qb = this.connection.getRepository(Currency).createQueryBuilder('currency');
    if (query.q?.trim()) {
      const prefix = `${likePrefix(query.q)}%`;
      qb.where("(currency.code LIKE :code ESCAPE '!' OR LOWER(currency.name) LIKE :name ESCAPE '!')", {
        code: prefix.toUpperCase(),
        name: prefix,
      });
    }
    const sortable = { code: 'currency.code', name: 'currency.name' };
    return mapPage(await page(qb, query, { sortable, tieBreaker: 'currency.code' }), toCurrencyDto);
  }

  async get(code: string): Promise<CurrencyDto> {
    const currency = await this.connection.getRepository(Currency).findOneBy({ code });
    if (!currency) throw currencyNotFound();
    return toCurrencyDto(currency);
  }

  create(dto: CreateCurrencyDto): Promise<CurrencyDto> {
    return this.switchingDefault(async (manager) => {
      if (await manager.existsBy(Currency, { code: dto.code })) throw currencyExists(dto.code);
      const isDefault = dto.isDefault === true;
      if (isDefault) await this.clearDefault(manager);
      const now = new Date();
      const currency = manager.create(Currency, {
        code: dto.code,
        name: dto.name.trim(),
        symbol: dto.symbol.trim(),
        decimals: dto.decimals,
        decimalSeparator: dto.decimalSeparator,
        thousandSeparator: dto.thousandSeparator,
        placement: dto.placement,
        isDefault,
        defaultKey: isDefault ? 'Y' : null,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await manager.insert(Currency, currency);
      } catch (error) {
        if (isUniqueViolation(error) && !isDefaultCurrencyRace(error)) throw currencyExists(dto.code);
        throw error;
      }
      return toCurrencyDto(currency);
    });
  }

  update(code: string, dto: UpdateCurrencyDto): Promise<CurrencyDto> {
    return this.switchingDefault(async (manager) => {
      const currency = await manager.findOneBy(Currency, { code });
      if (!currency) throw currencyNotFound();
      if (dto.isDefault === false && currency.isDefault) throw currencyDefaultRequired(code);
      const becomesDefault = dto.isDefault === true && !currency.isDefault;
      if (becomesDefault) await this.clearDefault(manager);
      const changes: Partial<Currency> = { ...definedFields(dto), updatedAt: new Date() };
      if (becomesDefault) Object.assign(changes, { isDefault: true, defaultKey: 'Y' });
      const redefinesAmounts = dto.decimals !== undefined && dto.decimals !== currency.decimals;
      // Guarded: a document written in the currency meanwhile marks it in use, and then wins.
      const result = await manager.update(Currency, redefinesAmounts ? { code, inUse: false } : { code }, changes);
      if (redefinesAmounts && !result.affected) throw currencyDecimalsLocked(code);
      Object.assign(currency, changes);
      return toCurrencyDto(currency);
    });
  }

  async remove(code: string): Promise<void> {
    await this.connection.transaction(async (manager) => {
      const currency = await manager.findOneBy(Currency, { code });
      if (!currency) throw currencyNotFound();
      if (currency.isDefault) throw currencyIsDefault(code);
      // Guarded: a currency that became the default meanwhile stays; the foreign keys of
      // whatever refers to it (customers, say) refuse the delete.
      const result = await manager.delete(Currency, { code, defaultKey: IsNull() }).catch((error: unknown) => {
        throw isForeignKeyViolation(error) ? currencyInUse(code) : error;
      });
      if (!result.affected) throw currencyIsDefault(code);
    });
  }

  async listRates(code: string, query: ExchangeRateListQueryDto): Promise<Page<ExchangeRateDto>> {
    if (!(await this.connection.getRepository(Currency).existsBy({ code }))) throw currencyNotFound();
    const rates = this.connection
      .getRepository(ExchangeRate)
      .createQueryBuilder('rate')
      .where('rate.currency_code = :code', { code });
    // One rate per currency and day: the date alone orders the currency's rates.
    const options = { sortable: { date: 'rate.date' }, defaultSort: '-date', tieBreaker: 'rate.date' };
    return mapPage(await page(rates, query, options), toRateDto);
  }

  /** Records the rate of one day; the same day again replaces it. */
  setRate(code: string, dto: CreateExchangeRateDto): Promise<ExchangeRateDto> {
    return this.connection.transaction(async (manager) => {
      const currency = await manager.findOneBy(Currency, { code });
      if (!currency) throw currencyNotFound();
      if (currency.isDefault) throw currencyIsDefault(code);
      const key = { currencyCode: code, date: dto.date };
      if (!currency.inUse) await this.markInUse(manager, code);
      if (await manager.existsBy(ExchangeRate, key)) {
        await manager.update(ExchangeRate, key, { rate: dto.rate });
      } else {
        try {
          await manager.insert(ExchangeRate, { ...key, rate: dto.rate, createdAt: new Date() });
        } catch (error) {
          // Another request recorded the same day meanwhile: this one replaces it.
          if (!isUniqueViolation(error)) throw error;
          await manager.update(ExchangeRate, key, { rate: dto.rate });
        }
      }
      return { currency: code, rate: dto.rate, date: dto.date };
    });
  }

  private async clearDefault(manager: EntityManager): Promise<void> {
    await manager.update(
      Currency,
      { defaultKey: Not(IsNull()) },
      { isDefault: false, defaultKey: null, updatedAt: new Date() },
    );
  }

  /**
   * Runs a write that may move the default in one transaction: the old default is cleared
   * before the new one is set, so the unique default key never sees two. When a concurrent
   * switch wins the key first, the whole unit runs again and then wins or loses cleanly.
   */
  private switchingDefault<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.connection.transaction(work, { retryWhen: isDefaultCurrencyRace });
  }

  /** The code of the one default currency (null only on a database without currencies). */
  async defaultCode(): Promise<string | null> {
    const currency = await this.connection
      .getRepository(Currency)
      .findOne({ select: { code: true }, where: { defaultKey: Not(IsNull()) } });
    return currency?.code ?? null;
  }

  /**
   * Makes `code` the default currency, in the caller's transaction when there is one (the
   * settings change joins it): 400 `unknownReference` on `field` when no such currency exists.
   */
  makeDefault(code: string, field: string): Promise<void> {
    return this.switchingDefault(async (manager) => {
      const currency = await manager.findOneBy(Currency, { code });
      if (!currency) throw unknownReference(field);
      if (currency.isDefault) return;
      await this.clearDefault(manager);
      await manager.update(Currency, { code }, { isDefault: true, defaultKey: 'Y', updatedAt: new Date() });
    });
  }

  /**
   * The digits after the point of a currency (its minor unit), for amounts about to be stored
   * in it: the currency is marked in use first (once; the mark is never cleared), so its
   * decimals cannot change under them; inside the writing transaction, a concurrent change of
   * decimals waits for it and is then refused. 404 when there is no such currency.
   */
  async decimalsInUse(code: string): Promise<number> {
    const manager = this.connection.manager;
    const read = () =>
      manager.findOne(Currency, { select: { code: true, decimals: true, inUse: true }, where: { code } });
    const currency = await read();
    if (!currency) throw currencyNotFound();
    if (currency.inUse) return currency.decimals;
    await this.markInUse(manager, code);
    // A change of decimals committed before the mark is read back; a later one is refused.
    const marked = await read();
    if (!marked) throw currencyNotFound();
    return marked.decimals;
  }

  private async markInUse(manager: EntityManager, code: string): Promise<void> {
    await manager.update(Currency, { code, inUse: false }, { inUse: true });
  }

  /** 400 `unknownReference` on `field` unless the currency exists. */
  async assertExists(code: string, field = 'currency'): Promise<void> {
    if (!(await this.connection.getRepository(Currency).existsBy({ code }))) throw unknownReference(field);
  }
}
