import { UUID_PATTERN, uuidv7 } from './ids';

describe('uuidv7', () => {
  it('produces RFC 9562 version 7 ids', () => {
    const id = uuidv7();
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });

  it('encodes the time first, so ids sort by creation', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const ms = parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(5000);
  });
});

describe('uuidv7 randomness', () => {
  it('never repeats its random part across many pool refills', () => {
    const tails = Array.from({ length: 5000 }, () => uuidv7(1).slice(19));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
