import fc from 'fast-check';
import { bigintFromDatabase, BIGINT_COLUMN } from './bigint-column';
import {
  DecimalFormat,
  decimalMaxLength,
  decimalPattern,
  documentAmounts,
  formatMinor,
  lineAmounts,
  parseDecimal,
  rescaleMinor,
  roundHalfUp,
  toMinor,
} from './money';

const PRICE: DecimalFormat = { decimals: 4, integerDigits: 12 };

describe('parseDecimal', () => {
  it.each([
    ['0', 0n],
    ['12', 120000n],
    ['12.5', 125000n],
    ['12.3456', 123456n],
    ['0.0001', 1n],
    ['999999999999.9999', 9999999999999999n],
  ])('reads %s exactly', (text, scaled) => {
    expect(parseDecimal(text, PRICE)).toBe(scaled);
  });

  it.each([
    ['a float', 12.5],
    ['an integer number', 12],
    ['null', null],
    ['an empty string', ''],
    ['an exponent', '1e3'],
    ['an upper-case exponent', '1E3'],
    ['a plus sign', '+1'],
    ['a minus sign where none is allowed', '-1'],
    ['too many decimals', '1.23456'],
    ['a bare point', '1.'],
    ['a leading point', '.5'],
    ['leading zeros', '007'],
    ['a comma', '1,5'],
    ['white space', ' 1'],
    ['a trailing newline', '1\n'],
    ['thousands separators', '1_000'],
    ['too many integer digits', '1000000000000'],
    ['hexadecimal', '0x10'],
    ['infinity', 'Infinity'],
    ['not a number', 'NaN'],
    ['two points', '1.2.3'],
    ['full-width digits', '１'],
  ])('refuses %s', (_what, text) => {
    expect(parseDecimal(text, PRICE)).toBeNull();
  });

  it('reads a sign only where the format allows one', () => {
    expect(parseDecimal('-1.5', { ...PRICE, signed: true })).toBe(-15000n);
    expect(parseDecimal('-1.5', PRICE)).toBeNull();
    expect(parseDecimal('--1', { ...PRICE, signed: true })).toBeNull();
  });

  it('refuses zero when the format needs a value', () => {
    const format = { ...PRICE, nonZero: true };
    expect(parseDecimal('0', format)).toBeNull();
    expect(parseDecimal('0.0000', format)).toBeNull();
    expect(parseDecimal('0.0001', format)).toBe(1n);
  });

  it('takes integers only when the format has no decimals', () => {
    const format = { decimals: 0, integerDigits: 15 };
    expect(parseDecimal('1250', format)).toBe(1250n);
    expect(parseDecimal('1250.0', format)).toBeNull();
    expect(decimalPattern(format)).toBe('^(0|[1-9][0-9]{0,14})$');
  });

  it('documents its longest value', () => {
    expect(decimalMaxLength(PRICE)).toBe('999999999999.9999'.length);
    expect(decimalMaxLength({ ...PRICE, signed: true })).toBe('-999999999999.9999'.length);
  });

  it('agrees with its pattern on any string (fixed seed)', () => {
    const pattern = new RegExp(decimalPattern(PRICE));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.-+eE ,'.split('')), maxLength: 20 }), (text) => {
        expect(parseDecimal(text, PRICE) !== null).toBe(pattern.test(text));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('roundHalfUp', () => {
  it.each([
    [1234n, 3, 2, 123n],
    [1235n, 3, 2, 124n],
    [1249n, 3, 1, 12n],
    [1250n, 3, 1, 13n],
    [-1235n, 3, 2, -124n],
    [-1234n, 3, 2, -123n],
    [5n, 1, 0, 1n],
    [4n, 1, 0, 0n],
    [-5n, 1, 0, -1n],
    [12n, 2, 4, 1200n],
  ])('rounds %p at scale %p to scale %p: %p', (value, from, to, rounded) => {
    expect(roundHalfUp(value, from, to)).toBe(rounded);
  });

  it('matches floor((2v + d) / 2d) for non-negative values (fixed seed)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.integer({ min: 1, max: 10 }), (value, drop) => {
        const divisor = 10n ** BigInt(drop);
        expect(roundHalfUp(value, drop, 0)).toBe((2n * value + divisor) / (2n * divisor));
        expect(roundHalfUp(-value, drop, 0)).toBe(-roundHalfUp(value, drop, 0));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('rescaleMinor', () => {
  it.each([
    [10000n, 4, 2, 100n],
    [100n, 2, 4, 10000n],
    [-250n, 2, 0, null],
    [-200n, 2, 0, -2n],
    [12345n, 4, 2, null],
    [12300n, 4, 2, 123n],
    [7n, 0, 3, 7000n],
    [5n, 2, 2, 5n],
  ])('%p from %p to %p decimals is %p', (minor, from, to, expected) => {
    expect(rescaleMinor(minor, from, to)).toBe(expected);
  });
});

describe('formatMinor', () => {
  it.each([
    [125000n, 2, '1250.00'],
    [5n, 2, '0.05'],
    [0n, 2, '0.00'],
    [1250n, 0, '1250'],
    [0n, 0, '0'],
    [1n, 3, '0.001'],
    [1234567n, 3, '1234.567'],
    [-5n, 2, '-0.05'],
    [999999999999999n, 2, '9999999999999.99'],
  ])('writes %p minor units with %p decimals as %p', (minor, decimals, text) => {
    expect(formatMinor(minor, decimals)).toBe(text);
  });

  it('reads back what it writes (fixed seed)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999999999999999n }), fc.constantFrom(0, 2, 3), (minor, decimals) => {
        expect(toMinor(formatMinor(minor, decimals), decimals)).toBe(minor);
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});

describe('toMinor', () => {
  it('takes at most the currency decimals', () => {
    expect(toMinor('12.34', 2)).toBe(1234n);
    expect(toMinor('12.3', 2)).toBe(1230n);
    expect(toMinor('12.345', 2)).toBeNull();
    expect(toMinor('12.345', 3)).toBe(12345n);
    expect(toMinor('12.3', 0)).toBeNull();
    expect(toMinor('12', 0)).toBe(12n);
    expect(toMinor(12, 0)).toBeNull();
  });
});

describe('lineAmounts', () => {
  const line = (quantity: string, unitPrice: string, taxRate: string) => ({ quantity, unitPrice, taxRate });

  it('rounds the net half-up to the minor unit, then the tax on the rounded net', () => {
    // 3 × 0.3333 = 0.9999 → 1.00; tax 19 % of 1.00 = 0.19
    expect(lineAmounts(line('3', '0.3333', '19'), 2)).toEqual({ net: 100n, tax: 19n });
    // 1 × 0.125 = 0.125 → 0.13 (half up); 7 % of 0.13 = 0.0091 → 0.01
    expect(lineAmounts(line('1', '0.125', '7'), 2)).toEqual({ net: 13n, tax: 1n });
    // 2.5 × 10.01 = 25.025 → 25.03; 10 % = 2.503 → 2.50
    expect(lineAmounts(line('2.5', '10.01', '10'), 2)).toEqual({ net: 2503n, tax: 250n });
  });

  it('rounds to whole units for a currency without decimals', () => {
    // 1.5 × 333 = 499.5 → 500; 8 % = 40
    expect(lineAmounts(line('1.5', '333', '8'), 0)).toEqual({ net: 500n, tax: 40n });
    // 1 × 100.4 = 100.4 → 100; 7.5 % = 7.5 → 8
    expect(lineAmounts(line('1', '100.4', '7.5'), 0)).toEqual({ net: 100n, tax: 8n });
  });

  it('keeps three decimals for a currency that has them', () => {
    // 1 × 1.2345 = 1.2345 → 1.235 (half up); 5 % = 0.06175 → 0.062
    expect(lineAmounts(line('1', '1.2345', '5'), 3)).toEqual({ net: 1235n, tax: 62n });
  });

  it('takes tax rates with decimals', () => {
    // 100.00 at 7.6750 % = 7.675 → 7.68
    expect(lineAmounts(line('1', '100', '7.675'), 2)).toEqual({ net: 10000n, tax: 768n });
  });

  it('is exact far beyond what a float holds', () => {
    // 999999999 × 999999.9999 = 999999998900000.0001 → 999999998900000.00
    expect(lineAmounts(line('999999999', '999999.9999', '0'), 2).net).toBe(99999999890000000n);
    // 1.005 rounds up to 1.01; as a float, 1.005 × 100 is 100.49999999999999 and would round down.
    expect(lineAmounts(line('1', '1.005', '0'), 2).net).toBe(101n);
  });
});

describe('documentAmounts', () => {
  const line = (quantity: string, unitPrice: string, taxRate: string) => ({ quantity, unitPrice, taxRate });

  it('adds rounded lines, which differs from rounding the sum', () => {
    // Three lines of 0.005 each: rounded one by one 0.01 + 0.01 + 0.01 = 0.03; the sum 0.015 would round to 0.02.
    const lines = Array.from({ length: 3 }, () => line('1', '0.005', '0'));
    expect(documentAmounts(lines, 2)).toMatchObject({ subtotal: 3n, taxTotal: 0n, total: 3n });
  });

  it('adds the taxes of the rounded lines, not the tax of the subtotal', () => {
    // Ten lines of 0.10 at 5 %: each tax 0.005 → 0.01, so 0.10 in tax; 5 % of the 1.00 subtotal would be 0.05.
    const lines = Array.from({ length: 10 }, () => line('1', '0.1', '5'));
    expect(documentAmounts(lines, 2)).toMatchObject({ subtotal: 100n, taxTotal: 10n, total: 110n });
  });

  it('rounds each line of a many-line 0-decimal document on its own', () => {
    // 7 lines of 0.5 yen: each rounds to 1, so 7; the exact sum 3.5 would round to 4.
    const lines = Array.from({ length: 7 }, () => line('0.5', '1', '10'));
    const amounts = documentAmounts(lines, 0);
    expect(amounts.lines.every((l) => l.net === 1n && l.tax === 0n)).toBe(true);
    expect(amounts).toMatchObject({ subtotal: 7n, taxTotal: 0n, total: 7n });
  });

  it('rounds each line of a many-line 3-decimal document on its own', () => {
    // 200 lines of 3 × 0.0005 = 0.0015 → 0.002 each: 0.400; the exact sum 0.3 differs.
    const lines = Array.from({ length: 200 }, () => line('3', '0.0005', '0'));
    expect(documentAmounts(lines, 3)).toMatchObject({ subtotal: 400n, total: 400n });
  });

  it('always totals the sum of its rounded lines (fixed seed)', () => {
    const decimal = (integerDigits: number, decimals: number) =>
      fc
        .tuple(fc.bigInt({ min: 0n, max: 10n ** BigInt(integerDigits) - 1n }), fc.bigInt({ min: 0n, max: 9999n }))
        .map(([i, f]) => `${i}.${f.toString().padStart(4, '0').slice(0, decimals)}`);
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantity: decimal(4, 4), unitPrice: decimal(6, 4), taxRate: decimal(2, 2) }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.constantFrom(0, 2, 3),
        (lines, decimals) => {
          const amounts = documentAmounts(lines, decimals);
          const each = lines.map((l) => lineAmounts(l, decimals));
          expect(amounts.subtotal).toBe(each.reduce((s, l) => s + l.net, 0n));
          expect(amounts.taxTotal).toBe(each.reduce((s, l) => s + l.tax, 0n));
          expect(amounts.total).toBe(amounts.subtotal + amounts.taxTotal);
        },
      ),
      { seed: 2026, numRuns: 300 },
    );
  });
});

describe('BIGINT columns', () => {
  it('read a string (mysql2), a safe number (better-sqlite3) or a bigint as bigint', () => {
    expect(bigintFromDatabase('999999999999999999')).toBe(999999999999999999n);
    expect(bigintFromDatabase('-12')).toBe(-12n);
    expect(bigintFromDatabase(125000)).toBe(125000n);
    expect(bigintFromDatabase(7n)).toBe(7n);
    expect(bigintFromDatabase(null)).toBeNull();
  });

  it('refuse a number that lost precision, a float or text', () => {
    expect(() => bigintFromDatabase(2 ** 60)).toThrow(RangeError);
    expect(() => bigintFromDatabase(1.5)).toThrow(RangeError);
    expect(() => bigintFromDatabase('12.5')).toThrow(TypeError);
  });

  it('write decimal strings', () => {
    expect(BIGINT_COLUMN.to(125000n)).toBe('125000');
    expect(BIGINT_COLUMN.to(null)).toBeNull();
  });
});
