import { isRetryableTransactionError } from './transactional-connection';

describe('isRetryableTransactionError', () => {
  it.each([
    [{ errno: 1213 }, true],
    [{ driverError: { errno: 1205 } }, true],
    [{ sqlState: '40001' }, true],
    [{ errno: 1062 }, false],
    [new Error('boom'), false],
    [undefined, false],
  ])('%j → %s', (error, expected) => {
    expect(isRetryableTransactionError(error)).toBe(expected);
  });
});
