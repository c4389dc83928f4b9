import { ThrottleBucket } from '../../src/throttling/throttle-bucket.entity';
import { ThrottleStore } from '../../src/throttling/throttle-store';
import { TestApp, startTestApp } from '../helpers/test-app';

const CONCURRENT = 40;
const WINDOW_MS = 60_000;

/**
 * The database counters of the application (its own ThrottleStore) under concurrent hits
 * on one key, on this run's engine (SQLite, or MariaDB with TEST_MYSQL_URL).
 */
describe('throttle counters under concurrent hits', () => {
  let t: TestApp;
  let store: ThrottleStore;
  let round = 0;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get(ThrottleStore);
  });
  afterAll(() => t.close());

  const buckets = () => t.dataSource.getRepository(ThrottleBucket);
  const freshKey = () => `test:concurrent:${++round}`;
  /** A bucket whose window ended a moment ago, with hits that must no longer count. */
  const endedWindow = async (hits: number) => {
    const key = freshKey();
    await buckets().insert({ key, hits, expiresAt: new Date(Date.now() - 1000), blockedUntil: null });
    return key;
  };
  const hitsOf = async (key: string) => (await buckets().findOneByOrFail({ key })).hits;
  const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it.each([
    ['a key never hit before', () => Promise.resolve(freshKey())],
    ['a key whose window has just ended', () => endedWindow(7)],
  ])(`counts each of ${CONCURRENT} concurrent hits exactly once on %s`, async (_label, keyOf) => {
    const key = await keyOf();
    const states = await Promise.all(Array.from({ length: CONCURRENT }, () => store.hit(key, WINDOW_MS)));
    expect(states.map((s) => s.hits).sort((a, b) => a - b)).toEqual(oneToN(CONCURRENT));
    expect(await hitsOf(key)).toBe(CONCURRENT);
    for (const state of states) expect(state.resetsInMs).toBeGreaterThan(WINDOW_MS - 30_000);
  });

  it.each([
    ['a key never hit before', () => Promise.resolve(freshKey())],
    ['a key whose window has just ended', () => endedWindow(3)],
  ])(`grants exactly the limit of ${CONCURRENT} concurrent reservations on %s`, async (_label, keyOf) => {
    const key = await keyOf();
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => store.reserve(key, WINDOW_MS, 5)));
    expect(
      answers
        .filter((a) => a.granted)
        .map((a) => a.hits)
        .sort(),
    ).toEqual(oneToN(5));
    expect(await hitsOf(key)).toBe(5);
    for (const refused of answers.filter((a) => !a.granted)) expect(refused.resetsInMs).toBeGreaterThan(0);
  });

  it('gives a slot back to the window it was taken in only', async () => {
    const key = freshKey();
    const [first, second] = [await store.reserve(key, WINDOW_MS, 5), await store.reserve(key, WINDOW_MS, 5)];
    await store.release(key, second);
    expect(await hitsOf(key)).toBe(1);
    await buckets().update({ key }, { expiresAt: new Date(Date.now() - 1000) });
    await store.hit(key, WINDOW_MS);
    await store.release(key, first);
    expect(await hitsOf(key)).toBe(1);
  });

  it('peeks at an open window without counting, and at nothing once it has ended', async () => {
    const key = freshKey();
    await store.hit(key, WINDOW_MS);
    expect(await store.peek(key)).toMatchObject({ hits: 1 });
    expect(await hitsOf(key)).toBe(1);
    expect(await store.peek(await endedWindow(4))).toBeUndefined();
  });
});
