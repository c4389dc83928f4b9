import { DomainError, NotFoundError } from '@app/common';

export const currencyNotFound = () => new NotFoundError('currency');
export const currencyExists = (code: string) => new DomainError(409, 'CURRENCY_EXISTS', { code });
export const currencyDefaultRequired = (code: string) => new DomainError(409, 'CURRENCY_DEFAULT_REQUIRED', { code });
export const currencyIsDefault = (code: string) => new DomainError(409, 'CURRENCY_IS_DEFAULT', { code });
export const currencyInUse = (code: string) => new DomainError(409, 'CURRENCY_IN_USE', { code });

/**
 * A FOREIGN KEY refused the write because a row still refers to it: MySQL 1451/1217; SQLite
 * SQLITE_CONSTRAINT_FOREIGNKEY, or SQLITE_CONSTRAINT_TRIGGER for an ON DELETE RESTRICT key.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as {
    errno?: number;
    code?: string;
    message?: string;
    driverError?: { errno?: number; code?: string; message?: string };
  };
  const errno = e?.errno ?? e?.driverError?.errno;
  const code = e?.code ?? e?.driverError?.code ?? '';
  const message = e?.driverError?.message ?? e?.message ?? '';
  return (
    errno === 1451 ||
    errno === 1217 ||
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.includes('FOREIGN KEY constraint failed'))
  );
}

/** The UNIQUE index that admits one default currency refused the write: another default won a race. */
export function isDefaultCurrencyRace(error: unknown): boolean {
  const e = error as { message?: string; driverError?: { message?: string } };
  const message = `${e?.message ?? ''} ${e?.driverError?.message ?? ''}`;
  return /uq_currencies_default|currencies\.default_key/.test(message);
}
