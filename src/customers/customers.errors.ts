import { DomainError, NotFoundError } from '@app/common';

export { customerNotFound } from '../access/access.errors';
export const currencyLocked = () => new DomainError(409, 'CUSTOMER_CURRENCY_LOCKED');
export const customerHasTransactions = (count: number) =>
  new DomainError(409, 'CUSTOMER_HAS_TRANSACTIONS', { count }, { transactionCount: count });
export const registrationNotPending = () => new DomainError(409, 'REGISTRATION_NOT_PENDING');
export const adminNotAssigned = () => new NotFoundError('customer admin');

export const DUPLICATE_MATCHES = ['vat', 'company', 'contactEmail'] as const;
export type DuplicateMatch = (typeof DUPLICATE_MATCHES)[number];

/** 409 naming only the duplicates the caller may see; `matchedOn` says what matched. */
export const customerDuplicate = (
  matchedOn: DuplicateMatch[],
  duplicates: Array<{ id: string; company: string; matchedOn: DuplicateMatch[] }>,
) => new DomainError(409, 'CUSTOMER_DUPLICATE', { matchedOn: matchedOn.join(', ') }, { matchedOn, duplicates });
