import fc from 'fast-check';
import { CurrencyStyle, formatDecimal, formatMoney } from './display';

const EUR: CurrencyStyle = {
  symbol: '€',
  decimals: 2,
  decimalSeparator: ',',
  thousandSeparator: '.',
  placement: 'after',
};
const USD: CurrencyStyle = {
  symbol: '$',
  decimals: 2,
  decimalSeparator: '.',
  thousandSeparator: ',',
  placement: 'before',
};
const CHF: CurrencyStyle = {
  symbol: 'CHF',
  decimals: 2,
  decimalSeparator: '.',
  thousandSeparator: "'",
  placement: 'before',
};
const JPY: CurrencyStyle = {
  symbol: '¥',
  decimals: 0,
  decimalSeparator: '.',
  thousandSeparator: ',',
  placement: 'before',
};
const KWD: CurrencyStyle = {
  symbol: 'KD',
  decimals: 3,
  decimalSeparator: ',',
  thousandSeparator: ' ',
  placement: 'after',
};
const NBSP = '\u00a0';

describe('formatDecimal', () => {
  it.each([
    ['0', '0'],
    ['12', '12'],
    ['123', '123'],
    ['1234', '1.234'],
    ['1234.56', '1.234,56'],
    ['1234567.5', '1.234.567,5'],
    ['999999999999999', '999.999.999.999.999'],
    ['-1234.5', '-1.234,5'],
    ['0.0001', '0,0001'],
  ])('writes %s as %s with German separators', (text, shown) => {
    expect(formatDecimal(text, EUR)).toBe(shown);
  });

  it('pads to the digits asked for and keeps any further digits', () => {
    expect(formatDecimal('10', USD, 2)).toBe('10.00');
    expect(formatDecimal('10.5', USD, 2)).toBe('10.50');
    expect(formatDecimal('0.3333', USD, 2)).toBe('0.3333');
    expect(formatDecimal('1000', USD, 0)).toBe('1,000');
  });

  it('groups nothing with an empty thousands separator', () => {
    expect(formatDecimal('1234567.89', { decimalSeparator: ',', thousandSeparator: '' })).toBe('1234567,89');
  });

  it.each([['1e3'], ['1.'], ['.5'], ['+1'], [' 1'], ['1,5'], [''], ['NaN']])('refuses %j', (text) => {
    expect(() => formatDecimal(text, USD)).toThrow('not a decimal string');
  });

  it('keeps every digit of any decimal string, in order (no float on the way)', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,30})$/), fc.option(fc.stringMatching(/^[0-9]{1,8}$/)))
      .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const shown = formatDecimal(text, EUR);
        expect(shown.replace(/\./g, '').replace(',', '.')).toBe(text);
        const integer = shown.replace(/^-/, '').split(',')[0];
        expect(integer).toMatch(/^\d{1,3}(\.\d{3})*$/);
      }),
      { seed: 20260115, numRuns: 300 },
    );
  });
});

describe('formatMoney', () => {
  it.each([
    ['EUR after the amount', '1234.56', EUR, `1.234,56${NBSP}€`],
    ['USD before it', '1234.56', USD, '$1,234.56'],
    ['a lettered symbol apart from the digits', '1234567.80', CHF, `CHF${NBSP}1'234'567.80`],
    ['no decimals in yen', '1234567', JPY, '¥1,234,567'],
    ['three decimals and space groups', '1234.5', KWD, `1 234,500${NBSP}KD`],
    ['zero with the decimals', '0', EUR, `0,00${NBSP}€`],
    ['a negative amount, sign first', '-5', USD, '-$5.00'],
    ['a negative amount after', '-1234.5', EUR, `-1.234,50${NBSP}€`],
  ])('writes %s', (_name, amount, currency, shown) => {
    expect(formatMoney(amount, currency)).toBe(shown);
  });

  it('carries amounts beyond double precision exactly', () => {
    expect(formatMoney('9999999999999.99', USD)).toBe('$9,999,999,999,999.99');
    expect(formatMoney('90071992547409.93', USD)).toBe('$90,071,992,547,409.93');
  });
});
