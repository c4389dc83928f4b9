import { caseKey, prefixUpperBound } from './keys';

describe('caseKey', () => {
  it('trims and lower-cases, accents kept', () => {
    expect(caseKey('  Anna.BERG@Example.COM ')).toBe('anna.berg@example.com');
    expect(caseKey('MÜLLER')).toBe('müller');
  });

  it('is never longer than the value, so it fits the same column', () => {
    const samples = ['İİİ', 'ǅ', 'ẞ', '𐐀𐐁', 'ΣΑΣ', 'İstanbul'];
    for (const value of samples) expect([...caseKey(value)].length).toBeLessThanOrEqual([...value].length);
    expect(caseKey('İstanbul')).toBe('İstanbul');
    expect(caseKey('𐐀')).toBe('𐐨');
  });
});

describe('prefixUpperBound', () => {
  it('bounds a prefix range', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('4930')).toBe('4931');
    expect(prefixUpperBound('a@')).toBe('aA');
    for (const term of ['abc', 'abcz', 'abc.x@y', 'abc9']) {
      expect(term >= 'abc' && term < prefixUpperBound('abc')!).toBe(true);
    }
    expect('abd' < prefixUpperBound('abc')!).toBe(false);
  });

  it('carries past the last code point and steps over the surrogates, so any text has a bound or none', () => {
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('a\u{10FFFF}\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeNull();
    expect(prefixUpperBound('x\uD7FF')).toBe('x\uE000');
    expect(prefixUpperBound('😀')).toBe('😁');
  });
});
