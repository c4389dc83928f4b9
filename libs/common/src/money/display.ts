/**
 * Decimal strings written the way a currency shows them to people (`"1234.5"` →
 * `"1.234,50 €"`), on the digits of the string alone: no value on this path is ever a
 * floating-point number, so what is printed is exactly what is stored.
 */

export interface NumberStyle {
  /** `.` or `,`. */
  decimalSeparator: string;
  /** Between groups of three integer digits; empty for none. */
  thousandSeparator: string;
}

export interface CurrencyStyle extends NumberStyle {
  symbol: string;
  /** Digits after the separator the currency always shows. */
  decimals: number;
  placement: 'before' | 'after';
}

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/**
 * A decimal string (`-1234.5`) with the integer digits grouped by threes and the given
 * separators, padded with zeros to at least `minDecimals` digits after the separator
 * (digits beyond it are kept, never rounded away). Throws on anything but a plain decimal.
 */
export function formatDecimal(text: string, style: NumberStyle, minDecimals = 0): string {
  const parts = DECIMAL.exec(text);
  if (!parts) throw new Error(`not a decimal string: ${JSON.stringify(text)}`);
  const [, sign, integer, fraction = ''] = parts;
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, style.thousandSeparator);
  const decimals = fraction.padEnd(minDecimals, '0');
  return `${sign}${grouped}${decimals ? `${style.decimalSeparator}${decimals}` : ''}`;
}

/**
 * An amount with the currency's separators, decimals and symbol: `$1,234.50`, `1.234,50 €`,
 * `CHF 1'234.50`, `-$5.00`. A symbol after the amount, or one ending in a letter before it,
 * stands apart by a no-break space so that the two never part at a line end.
 */
export function formatMoney(amount: string, currency: CurrencyStyle): string {
  const negative = amount.startsWith('-');
  const digits = formatDecimal(negative ? amount.slice(1) : amount, currency, currency.decimals);
  const sign = negative ? '-' : '';
  if (currency.placement === 'after') return `${sign}${digits}\u00a0${currency.symbol}`;
  const gap = /\p{L}$/u.test(currency.symbol) ? '\u00a0' : '';
  return `${sign}${currency.symbol}${gap}${digits}`;
}
