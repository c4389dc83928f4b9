import { Mutex } from './mutex';

describe('Mutex', () => {
  it('runs holders one at a time, in arrival order, even when one fails', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const task = (name: string, fail = false) =>
      mutex.runExclusive(async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
