import { backoffMs } from './outbox-worker';

describe('retry backoff', () => {
  it('doubles per attempt, with jitter between half and all of the delay', () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, () => 1)).toBe(4000);
    expect(backoffMs(40, 1000, () => 1)).toBe(24 * 60 * 60_000);
  });
});
