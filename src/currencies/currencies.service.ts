import { Injectable } from '@nestjs/common';
import { mapPage, Page, unknownReference } from '@app/common';
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
import { CurrenciesRepository } from './currencies.repository';
import type { Currency } from './currency.entity';
import {
  CreateCurrencyDto,
  CreateExchangeRateDto,
  CurrencyDto,
  ExchangeRateDto,
  ExchangeRateListQueryDto,
  UpdateCurrencyDto,
  CurrencyListQueryDto,
} from './dto/currency.dto';
import type { ExchangeRate } from './exchange-rate.entity';

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
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly currencies: CurrenciesRepository,
  ) {}

  async list(query: CurrencyListQueryDto): Promise<Page<CurrencyDto>> {
    return mapPage(await this.currencies.listPage(query), toCurrencyDto);
  }

  async get(code: string): Promise<CurrencyDto> {
    const currency = await this.currencies.findByCode(code);
    if (!currency) throw currencyNotFound();
    return toCurrencyDto(currency);
  }

  create(dto: CreateCurrencyDto): Promise<CurrencyDto> {
    return this.switchingDefault(async () => {
      if (await this.currencies.exists(dto.code)) throw currencyExists(dto.code);
      const isDefault = dto.isDefault === true;
      if (isDefault) await this.currencies.clearDefault();
      const now = new Date();
      try {
        const currency = await this.currencies.insert({
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
        return toCurrencyDto(currency);
      } catch (error) {
        if (isUniqueViolation(error) && !isDefaultCurrencyRace(error)) throw currencyExists(dto.code);
        throw error;
      }
    });
  }

  update(code: string, dto: UpdateCurrencyDto): Promise<CurrencyDto> {
    return this.switchingDefault(async () => {
      const currency = await this.currencies.findByCode(code);
      if (!currency) throw currencyNotFound();
      if (dto.isDefault === false && currency.isDefault) throw currencyDefaultRequired(code);
      const becomesDefault = dto.isDefault === true && !currency.isDefault;
      if (becomesDefault) await this.currencies.clearDefault();
      const changes: Partial<Currency> = { ...definedFields(dto), updatedAt: new Date() };
      if (becomesDefault) Object.assign(changes, { isDefault: true, defaultKey: 'Y' });
      const redefinesAmounts = dto.decimals !== undefined && dto.decimals !== currency.decimals;
      // Guarded: a document written in the currency meanwhile marks it in use, and then wins.
      const updated = await this.currencies.update(code, changes, redefinesAmounts);
      if (redefinesAmounts && !updated) throw currencyDecimalsLocked(code);
      Object.assign(currency, changes);
      return toCurrencyDto(currency);
    });
  }

  async remove(code: string): Promise<void> {
    await this.connection.transaction(async () => {
      const currency = await this.currencies.findByCode(code);
      if (!currency) throw currencyNotFound();
      if (currency.isDefault) throw currencyIsDefault(code);
      // Guarded: a currency that became the default meanwhile stays; the foreign keys of
      // whatever refers to it (customers, say) refuse the delete.
      const deleted = await this.currencies.deleteUnlessDefault(code).catch((error: unknown) => {
        throw isForeignKeyViolation(error) ? currencyInUse(code) : error;
      });
      if (!deleted) throw currencyIsDefault(code);
    });
  }

  async listRates(code: string, query: ExchangeRateListQueryDto): Promise<Page<ExchangeRateDto>> {
    if (!(await this.currencies.exists(code))) throw currencyNotFound();
    return mapPage(await this.currencies.ratesPage(code, query), toRateDto);
  }

  /** Records the rate of one day; the same day again replaces it. */
  setRate(code: string, dto: CreateExchangeRateDto): Promise<ExchangeRateDto> {
    return this.connection.transaction(async () => {
      const currency = await this.currencies.findByCode(code);
      if (!currency) throw currencyNotFound();
      if (currency.isDefault) throw currencyIsDefault(code);
      const key = { currencyCode: code, date: dto.date };
      if (!currency.inUse) await this.currencies.markInUse(code);
      if (await this.currencies.rateExists(key)) {
        await this.currencies.updateRate(key, dto.rate);
      } else {
        try {
          await this.currencies.insertRate({ ...key, rate: dto.rate, createdAt: new Date() });
        } catch (error) {
          // Another request recorded the same day meanwhile: this one replaces it.
          if (!isUniqueViolation(error)) throw error;
          await this.currencies.updateRate(key, dto.rate);
        }
      }
      return { currency: code, rate: dto.rate, date: dto.date };
    });
  }

  /**
   * Runs a write that may move the default in one transaction: the old default is cleared
   * before the new one is set, so the unique default key never sees two. When a concurrent
   * switch wins the key first, the whole unit runs again and then wins or loses cleanly.
   */
  private switchingDefault<T>(work: () => Promise<T>): Promise<T> {
    return this.connection.transaction(work, { retryWhen: isDefaultCurrencyRace });
  }

  /** The code of the one default currency (null only on a database without currencies). */
  defaultCode(): Promise<string | null> {
    return this.currencies.defaultCode();
  }

  /**
   * Makes `code` the default currency, in the caller's transaction when there is one (the
   * settings change joins it): 400 `unknownReference` on `field` when no such currency exists.
   */
  makeDefault(code: string, field: string): Promise<void> {
    return this.switchingDefault(async () => {
      const currency = await this.currencies.findByCode(code);
      if (!currency) throw unknownReference(field);
      if (currency.isDefault) return;
      await this.currencies.clearDefault();
      await this.currencies.setDefault(code);
    });
  }

  /**
   * The digits after the point of a currency (its minor unit), for amounts about to be stored
   * in it: the currency is marked in use first (once; the mark is never cleared), so its
   * decimals cannot change under them; inside the writing transaction, a concurrent change of
   * decimals waits for it and is then refused. 404 when there is no such currency.
   */
  async decimalsInUse(code: string): Promise<number> {
    const currency = await this.currencies.findDecimals(code);
    if (!currency) throw currencyNotFound();
    if (currency.inUse) return currency.decimals;
    await this.currencies.markInUse(code);
    // A change of decimals committed before the mark is read back; a later one is refused.
    const marked = await this.currencies.findDecimals(code);
    if (!marked) throw currencyNotFound();
    return marked.decimals;
  }

  /** 400 `unknownReference` on `field` unless the currency exists. */
  async assertExists(code: string, field = 'currency'): Promise<void> {
    if (!(await this.currencies.exists(code))) throw unknownReference(field);
  }
}
