import { DomainError } from '@app/common';

export const idempotencyKeyMismatch = () => new DomainError(422, 'IDEMPOTENCY_KEY_MISMATCH');
export const idempotencyKeyInProgress = () =>
  new DomainError(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', {}, {}, { 'retry-after': '1' });
