import { caseKey } from './keys';

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
