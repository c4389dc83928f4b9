import { DomainError, NotFoundError, unknownReference } from '@app/common';

export const reportGroupNotFound = () => new NotFoundError('customer group');
export const unknownCurrency = (field: 'currency' | 'convertTo') => unknownReference(field);

/** No stored exchange rate of `currency` on or before `date`: converting would invent a figure. */
export const exchangeRateMissing = (currency: string, date: string) =>
  new DomainError(422, 'EXCHANGE_RATE_MISSING', { currency, date }, { currency, date });
