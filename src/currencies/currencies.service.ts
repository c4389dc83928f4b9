import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import { ListQueryDto, Page, likePrefix, paging, resolveSort } from '@app/common';
import { isForeignKeyViolation, isUniqueViolation, TransactionalConnection } from '@app/database';
import { Customer } from '../customers/customer.entity';
import {
  currencyDefaultRequired,
  currencyExists,
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
} from './dto/currency.dto';
import { ExchangeRate } from './exchange-rate.entity';

/** Concurrent default switches lose to each other on the unique default key; the loser runs again. */
const DEFAULT_SWITCH_ATTEMPTS = 8;

const toCurrencyDto = (currency: Currency): CurrencyDto => ({
  code: currency.code,
  name: currency.name,
  symbol: currency.symbol,
  decimals: currency.decimals,
  decimalSeparator: currency.decimalSeparator,
  thousandSeparator: currency.thousandSeparator,
  placement: currency.placement,
  isDefault: Boolean(currency.isDefault),
});

/** The fields a PATCH sent, without `isDefault`, which moves only through the default switch. */
function definedFields(dto: UpdateCurrencyDto): Partial<Currency> {
  const { isDefault: _isDefault, ...fields } = dto;
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const toRateDto = (rate: ExchangeRate): ExchangeRateDto => ({
  currency: rate.currencyCode,
  rate: rate.rate,
  date: rate.date,
});

@Injectable()
export class CurrenciesService {
  constructor(private readonly connection: TransactionalConnection) {}

  async list(query: ListQueryDto): Promise<Page<CurrencyDto>> {
    const { page, pageSize, offset } = paging(query);
    const order = resolveSort(query.sort, { code: 'currency.code', name: 'currency.name' }, 'code');
    const qb = this.connection.getRepository(Currency).createQueryBuilder('currency');
    if (query.q?.trim()) {
      const prefix = `${likePrefix(query.q)}%`;
      qb.where("(currency.code LIKE :code ESCAPE '!' OR LOWER(currency.name) LIKE :name ESCAPE '!')", {
        code: prefix.toUpperCase(),
        name: prefix,
      });
    }
    qb.orderBy(order.column, order.direction);
    if (order.column !== 'currency.code') qb.addOrderBy('currency.code', 'ASC');
    const [currencies, total] = await qb.offset(offset).limit(pageSize).getManyAndCount();
    return { data: currencies.map(toCurrencyDto), meta: { page, pageSize, total } };
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
        name: dto.name,
        symbol: dto.symbol,
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
      await manager.update(Currency, { code }, changes);
      Object.assign(currency, changes);
      return toCurrencyDto(currency);
    });
  }

  async remove(code: string): Promise<void> {
    await this.connection.transaction(async (manager) => {
      const currency = await manager.findOneBy(Currency, { code });
      if (!currency) throw currencyNotFound();
      if (currency.isDefault) throw currencyIsDefault(code);
      if (await manager.existsBy(Customer, { currency: code })) throw currencyInUse(code);
      // Guarded: a currency that became the default meanwhile stays.
      const result = await manager.delete(Currency, { code, defaultKey: IsNull() }).catch((error: unknown) => {
        // A customer created meanwhile refers to it.
        throw isForeignKeyViolation(error) ? currencyInUse(code) : error;
      });
      if (!result.affected) throw currencyIsDefault(code);
    });
  }

  async listRates(code: string, query: ExchangeRateListQueryDto): Promise<Page<ExchangeRateDto>> {
    if (!(await this.connection.getRepository(Currency).existsBy({ code }))) throw currencyNotFound();
    const { page, pageSize, offset } = paging(query);
    const order = resolveSort(query.sort, { date: 'rate.date' }, '-date');
    const [rates, total] = await this.connection
      .getRepository(ExchangeRate)
      .createQueryBuilder('rate')
      .where('rate.currency_code = :code', { code })
      .orderBy(order.column, order.direction)
      .offset(offset)
      .limit(pageSize)
      .getManyAndCount();
    return { data: rates.map(toRateDto), meta: { page, pageSize, total } };
  }

  /** Records the rate of one day; the same day again replaces it. */
  setRate(code: string, dto: CreateExchangeRateDto): Promise<ExchangeRateDto> {
    return this.connection.transaction(async (manager) => {
      const currency = await manager.findOneBy(Currency, { code });
      if (!currency) throw currencyNotFound();
      if (currency.isDefault) throw currencyIsDefault(code);
      const key = { currencyCode: code, date: dto.date };
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
  private async switchingDefault<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.connection.transaction(work);
      } catch (error) {
        const lostRace = isUniqueViolation(error) && isDefaultCurrencyRace(error);
        if (!lostRace || attempt >= DEFAULT_SWITCH_ATTEMPTS) throw error;
      }
    }
  }
}
