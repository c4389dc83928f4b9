import { MemoryRateStorage } from './memory-rate-storage';

const TTL = 1_000;
const BLOCK = 5_000;
const LIMIT = 3;

describe('MemoryRateStorage', () => {
  let storage: MemoryRateStorage;
  const hit = (key = 'client-a') => storage.increment(key, TTL, LIMIT, BLOCK, 'default');

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    storage = new MemoryRateStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('counts hits in a fixed window and starts a new one when it ends', async () => {
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
    await hit();
    expect((await hit()).totalHits).toBe(3);
    expect((await hit('client-b')).totalHits).toBe(1);
    jest.advanceTimersByTime(TTL);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('blocks past the limit for the block duration, beyond the window, then counts afresh', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await hit()).isBlocked).toBe(false);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 5 });
    jest.advanceTimersByTime(TTL + 500);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 4 });
    jest.advanceTimersByTime(BLOCK);
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
    expect((await hit()).isBlocked).toBe(false);
  });

  it('forgets ended windows and run-out blocks when it sweeps, keeping blocks still running', async () => {
    const longBlock = () => storage.increment('long', TTL, LIMIT, 120_000, 'default');
    await hit('ended');
    for (let i = 0; i <= LIMIT; i++) await hit('blocked');
    for (let i = 0; i <= LIMIT; i++) await longBlock();
    const kept = () => (storage as unknown as { windows: Map<string, unknown> }).windows;
    jest.advanceTimersByTime(2 * TTL);
    expect(kept().size).toBe(3);
    jest.advanceTimersByTime(60_000);
    expect([...kept().keys()]).toEqual(['default:long']);
    expect((await longBlock()).isBlocked).toBe(true);
    expect((await hit('blocked')).isBlocked).toBe(false);
  });
});
