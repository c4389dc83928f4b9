/**
 * Exact money arithmetic on integers: decimal strings are parsed into BigInt values at a
 * fixed scale (digits after the point), multiplied and rounded half-up to a currency's
 * minor unit, and formatted back. No value on this path is ever a floating-point number.
 */

/** The largest amount stored, in minor units: 15 digits, so it also fits a JavaScript safe integer. */
export const MONEY_MAX_MINOR = 999_999_999_999_999n;

/** Digits after the point a quantity, a unit price and a tax rate may have. */
export const QUANTITY_DECIMALS = 4;
export const UNIT_PRICE_DECIMALS = 4;
export const TAX_RATE_DECIMALS = 4;

export interface DecimalFormat {
  /** The most digits after the point (0: an integer only). */
  decimals: number;
  /** The most digits before the point. */
  integerDigits: number;
  /** A leading `-` is allowed. */
  signed?: boolean;
  /** Zero is refused (the value must be above zero, or below it when signed). */
  nonZero?: boolean;
}

/**
 * The pattern of a decimal string in this format, for validation and OpenAPI alike: an
 * optional `-` when signed, no leading zeros, a point only with digits after it, no `+`,
 * no exponent, no white space.
 */
export function decimalPattern(format: DecimalFormat): string {
  const sign = format.signed ? '-?' : '';
  const integer = format.integerDigits > 1 ? `(0|[1-9][0-9]{0,${format.integerDigits - 1}})` : '[0-9]';
  const fraction = format.decimals > 0 ? `(\\.[0-9]{1,${format.decimals}})?` : '';
  const nonZero = format.nonZero ? '(?=.*[1-9])' : '';
  return `^${nonZero}${sign}${integer}${fraction}$`;
}

/** The most characters a decimal string of this format has. */
export function decimalMaxLength(format: DecimalFormat): number {
  return (format.signed ? 1 : 0) + format.integerDigits + (format.decimals > 0 ? 1 + format.decimals : 0);
}

const TEN = 10n;
const pow10 = (exponent: number): bigint => TEN ** BigInt(exponent);

/**
 * The value of a decimal string, scaled by 10^`format.decimals` (`"12.5"` at 3 decimals is
 * 12500n); null for anything the format refuses (floats as numbers, exponents, `+`, spaces,
 * too many digits, an empty string).
 */
export function parseDecimal(text: unknown, format: DecimalFormat): bigint | null {
  if (typeof text !== 'string' || !new RegExp(decimalPattern(format)).test(text)) return null;
  const negative = text.startsWith('-');
  const [integer, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const scaled = BigInt(integer) * pow10(format.decimals) + BigInt(fraction.padEnd(format.decimals, '0') || '0');
  return negative ? -scaled : scaled;
}

/**
 * `value` at `fromScale` digits after the point, rounded half-up (half away from zero, so
 * `-0.5` becomes `-1`) to `toScale` digits; scaling up is exact.
 */
export function roundHalfUp(value: bigint, fromScale: number, toScale: number): bigint {
  if (fromScale <= toScale) return value * pow10(toScale - fromScale);
  const divisor = pow10(fromScale - toScale);
  const quotient = value / divisor;
  const remainder = value % divisor;
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (magnitude * 2n < divisor) return quotient;
  return value < 0n ? quotient - 1n : quotient + 1n;
}

/** Minor units at `fromDecimals` as minor units at `toDecimals`; null when that would drop a digit that is not zero. */
export function rescaleMinor(minor: bigint, fromDecimals: number, toDecimals: number): bigint | null {
  const rescaled = roundHalfUp(minor, fromDecimals, toDecimals);
  return roundHalfUp(rescaled, toDecimals, fromDecimals) === minor ? rescaled : null;
}

/** Minor units as a decimal string with the currency's decimals (`125000n`, 2 → `"1250.00"`). */
export function formatMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const integer = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${integer}${fraction}`;
}

/** A decimal string as minor units of a currency with `decimals`; null when it has more decimals or is malformed. */
export function toMinor(text: unknown, decimals: number, integerDigits = 15 - decimals): bigint | null {
  return parseDecimal(text, { decimals, integerDigits });
}

export interface LineInput {
  /** Decimal strings, at most QUANTITY_DECIMALS, UNIT_PRICE_DECIMALS and TAX_RATE_DECIMALS digits after the point. */
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

export interface LineAmounts {
  /** quantity × unit price, rounded half-up to the minor unit. */
  net: bigint;
  /** The rounded net × tax rate / 100, rounded half-up to the minor unit. */
  tax: bigint;
}

export interface DocumentAmounts {
  lines: LineAmounts[];
  subtotal: bigint;
  taxTotal: bigint;
  total: bigint;
}

export class MoneyFormatError extends Error {
  constructor(readonly field: keyof LineInput) {
    super(`${field} is not a decimal string of the accepted format`);
    this.name = 'MoneyFormatError';
  }
}

const parseOrThrow = (line: LineInput, field: keyof LineInput, decimals: number): bigint => {
  const value = parseDecimal(line[field], { decimals, integerDigits: 15 });
  if (value === null) throw new MoneyFormatError(field);
  return value;
};

/**
 * One line's net and tax in minor units of a currency with `decimals`: the net is
 * quantity × unit price rounded half-up to the minor unit, the tax that rounded net times
 * the rate over 100, rounded the same way (SPEC: each line is rounded, totals add them).
 */
export function lineAmounts(line: LineInput, decimals: number): LineAmounts {
  const quantity = parseOrThrow(line, 'quantity', QUANTITY_DECIMALS);
  const unitPrice = parseOrThrow(line, 'unitPrice', UNIT_PRICE_DECIMALS);
  const taxRate = parseOrThrow(line, 'taxRate', TAX_RATE_DECIMALS);
  const net = roundHalfUp(quantity * unitPrice, QUANTITY_DECIMALS + UNIT_PRICE_DECIMALS, decimals);
  // net (decimals) × rate (TAX_RATE_DECIMALS) / 100: two more digits of scale.
  const tax = roundHalfUp(net * taxRate, decimals + TAX_RATE_DECIMALS + 2, decimals);
  return { net, tax };
}

/** Every line rounded on its own, and the totals as sums of the rounded lines. */
export function documentAmounts(lines: readonly LineInput[], decimals: number): DocumentAmounts {
  const amounts = lines.map((line) => lineAmounts(line, decimals));
  const subtotal = amounts.reduce((sum, line) => sum + line.net, 0n);
  const taxTotal = amounts.reduce((sum, line) => sum + line.tax, 0n);
  return { lines: amounts, subtotal, taxTotal, total: subtotal + taxTotal };
}

/** Whether minor units fit what is stored (|value| ≤ MONEY_MAX_MINOR). */
export function withinMoneyLimit(minor: bigint): boolean {
  return minor <= MONEY_MAX_MINOR && minor >= -MONEY_MAX_MINOR;
}
