import { DomainError, NotFoundError } from '@app/common';
import { isUniqueViolation } from '@app/database';

export const currencyNotFound = () => new NotFoundError('currency');
export const currencyExists = (code: string) => new DomainError(409, 'CURRENCY_EXISTS', { code });
export const currencyDefaultRequired = (code: string) => new DomainError(409, 'CURRENCY_DEFAULT_REQUIRED', { code });
export const currencyIsDefault = (code: string) => new DomainError(409, 'CURRENCY_IS_DEFAULT', { code });
export const currencyDecimalsLocked = (code: string) => new DomainError(409, 'CURRENCY_DECIMALS_LOCKED', { code });
export const currencyInUse = (code: string) => new DomainError(409, 'CURRENCY_IN_USE', { code });

/** The UNIQUE index that admits one default currency refused the write: another default won a race. */
export function isDefaultCurrencyRace(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const e = error as { message?: string; driverError?: { message?: string } };
  const message = `${e?.message ?? ''} ${e?.driverError?.message ?? ''}`;
  return /uq_currencies_default|currencies\.default_key/.test(message);
}
