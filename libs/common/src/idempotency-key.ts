import { ValidationFailedError } from './errors/domain-error';

/** The request header that makes a `POST` safe to retry (SPEC §3), as documented and as checked. */
export const IDEMPOTENCY_KEY = {
  header: 'Idempotency-Key',
  maxLength: 200,
  /** 1 to 200 visible ASCII characters: no spaces, no control or non-ASCII characters. */
  pattern: '^[\\x21-\\x7E]{1,200}$',
} as const;

/** Set on an answer that repeats the first answer to the same key. */
export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotency-Replayed';

const VISIBLE_ASCII = new RegExp(IDEMPOTENCY_KEY.pattern.replace('{1,200}', '+'));

function invalid(code: string, args: Record<string, unknown> = {}): ValidationFailedError {
  return new ValidationFailedError([
    { field: IDEMPOTENCY_KEY.header, code, args: { property: IDEMPOTENCY_KEY.header, ...args } },
  ]);
}

/** The key a request carries, undefined without the header; a malformed one is refused with 400. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value.length === 0) throw invalid('isNotEmpty');
  if (value.length > IDEMPOTENCY_KEY.maxLength) throw invalid('maxLength', { c0: IDEMPOTENCY_KEY.maxLength });
  if (!VISIBLE_ASCII.test(value)) throw invalid('matches');
  return value;
}
