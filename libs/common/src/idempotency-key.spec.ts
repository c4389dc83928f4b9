import { ValidationFailedError } from './errors/domain-error';
import { parseIdempotencyKey } from './idempotency-key';

function failure(header: string | string[]): string | undefined {
  try {
    parseIdempotencyKey(header);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    const [fieldError] = (error as ValidationFailedError).fieldErrors;
    expect(fieldError.field).toBe('Idempotency-Key');
    return fieldError.code;
  }
}

describe('parseIdempotencyKey', () => {
  it('is absent without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['a', 'order-42', '0190f5f2-0000-7000-8000-000000000000', '!~', 'k'.repeat(200)])('accepts %s', (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it.each([
    ['', 'isNotEmpty'],
    ['k'.repeat(201), 'maxLength'],
    ['two words', 'matches'],
    ['clé', 'matches'],
    ['tab\there', 'matches'],
    ['line\nbreak', 'matches'],
    [['a', 'b'], 'matches'],
  ])('refuses %j with %s', (header, code) => {
    expect(failure(header)).toBe(code);
  });
});
