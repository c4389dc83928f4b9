import { DomainError } from '@app/common';

export const idempotencyKeyMismatch = () => new DomainError(422, 'IDEMPOTENCY_KEY_MISMATCH');
export const idempotencyKeyInProgress = () =>
  new DomainError(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', {}, {}, { 'retry-after': '1' });
/** The request with the key changed something, but its answer is gone: it never runs again. */
export const idempotencyAnswerLost = (committedAt: Date) =>
  new DomainError(409, 'IDEMPOTENCY_KEY_ANSWER_LOST', {}, { committedAt: committedAt.toISOString() });
