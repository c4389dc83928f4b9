import { Converter, CurrencyFacts, divideHalfUp } from './report-conversion';

const USD: CurrencyFacts = { code: 'USD', decimals: 2, isDefault: true };
const EUR: CurrencyFacts = { code: 'EUR', decimals: 2, isDefault: false };
const JPY: CurrencyFacts = { code: 'JPY', decimals: 0, isDefault: false };
const KWD: CurrencyFacts = { code: 'KWD', decimals: 3, isDefault: false };
const ALL = new Map([USD, EUR, JPY, KWD].map((c) => [c.code, c]));

describe('converting report figures', () => {
  it('rounds half up, away from zero', () => {
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideHalfUp(4n, 3n)).toBe(1n);
    expect(divideHalfUp(5n, 3n)).toBe(2n);
  });

  it('multiplies into the default currency by the rate', () => {
    const converter = new Converter(USD, ALL, new Map([['EUR', '1.08']]));
    // 10.05 EUR × 1.08 = 10.854 USD → 10.85
    expect(converter.sum([{ currency: 'EUR', minor: 1005n }])).toBe(1085n);
  });

  it('goes through the default between two other currencies: amount × rate(X) / rate(Y)', () => {
    const converter = new Converter(
      EUR,
      ALL,
      new Map([
        ['EUR', '1.20'],
        ['JPY', '0.0067'],
      ]),
    );
    // 1000 JPY × 0.0067 / 1.20 = 5.58333… EUR → 5.58
    expect(converter.sum([{ currency: 'JPY', minor: 1000n }])).toBe(558n);
    // 10.00 USD / 1.20 = 8.3333… EUR → 8.33
    expect(converter.sum([{ currency: 'USD', minor: 1000n }])).toBe(833n);
  });

  it('adds exact fractions and rounds once per row, across decimals', () => {
    const thirds = new Converter(EUR, ALL, new Map([['EUR', '3']]));
    // 0.01 USD / 3 = 0.00333… EUR, twice: 0.00666… → 0.01 (rounded one by one: 0.00 + 0.00)
    expect(
      thirds.sum([
        { currency: 'USD', minor: 1n },
        { currency: 'USD', minor: 1n },
      ]),
    ).toBe(1n);
    const converter = new Converter(
      EUR,
      ALL,
      new Map([
        ['EUR', '1.20'],
        ['KWD', '3.25'],
      ]),
    );
    // 1.001 KWD × 3.25 / 1.20 = 2.71104… EUR, plus 1.00 EUR → 3.71
    expect(
      converter.sum([
        { currency: 'KWD', minor: 1001n },
        { currency: 'EUR', minor: 100n },
      ]),
    ).toBe(371n);
  });

  it('leaves amounts already in the target as they are, with no rate needed', () => {
    const converter = new Converter(EUR, ALL, new Map());
    expect(converter.sum([{ currency: 'EUR', minor: 12345n }])).toBe(12345n);
  });

  it('names the rates a conversion lacks', () => {
    expect(Converter.missingRates(['USD', 'EUR'], EUR, ALL, new Map())).toEqual(['EUR']);
    expect(Converter.missingRates(['JPY'], USD, ALL, new Map())).toEqual(['JPY']);
    expect(Converter.missingRates(['EUR'], EUR, ALL, new Map())).toEqual([]);
    expect(Converter.missingRates(['USD'], USD, ALL, new Map())).toEqual([]);
  });
});
