import { parseDecimal } from '@app/common';

/** Digits after the point of a stored exchange rate. */
export const RATE_DECIMALS = 8;
const RATE_FORMAT = { decimals: RATE_DECIMALS, integerDigits: 15 };
const ONE = 10n ** BigInt(RATE_DECIMALS);

export interface CurrencyFacts {
  code: string;
  decimals: number;
  isDefault: boolean;
}

/** An amount in minor units of its currency. */
export interface Amount {
  currency: string;
  minor: bigint;
}

/**
 * Converts amounts of several currencies into one, exactly: amount × rate(X) / rate(Y),
 * each rate being "units of the default currency per unit" (the default's own rate is 1),
 * added up as exact fractions and rounded half-up to Y's minor unit once, at the end.
 */
export class Converter {
  private readonly scaled = new Map<string, bigint>();

  constructor(
    private readonly target: CurrencyFacts,
    private readonly currencies: ReadonlyMap<string, CurrencyFacts>,
    /** Stored rates (decimal strings) of the currencies other than the default. */
    rates: ReadonlyMap<string, string>,
  ) {
    for (const [code, rate] of rates) {
      const value = parseDecimal(rate, RATE_FORMAT);
      if (value === null || value <= 0n) throw new Error(`exchange rate of ${code} is not a positive decimal: ${rate}`);
      this.scaled.set(code, value);
    }
  }

  /** The currencies among `codes` whose rate a conversion into the target would need but is missing. */
  static missingRates(
    codes: Iterable<string>,
    target: CurrencyFacts,
    currencies: ReadonlyMap<string, CurrencyFacts>,
    rates: ReadonlyMap<string, string>,
  ): string[] {
    const needed = new Set<string>();
    for (const code of codes) {
      if (code === target.code) continue;
      needed.add(code);
      needed.add(target.code);
    }
    return [...needed].filter((code) => !currencies.get(code)?.isDefault && !rates.has(code)).sort();
  }

  /** The sum of `amounts` in the target currency's minor units, rounded half-up once. */
  sum(amounts: readonly Amount[]): bigint {
    if (amounts.every((a) => a.currency === this.target.code)) return amounts.reduce((sum, a) => sum + a.minor, 0n);
    const maxDecimals = Math.max(0, ...amounts.map((a) => this.facts(a.currency).decimals));
    const targetRate = this.rateOf(this.target.code);
    // Each term: minor × 10^(max - d) × rate(X) × 10^dY, over 10^max × rate(Y).
    let numerator = 0n;
    for (const { currency, minor } of amounts) {
      const decimals = this.facts(currency).decimals;
      const rate = currency === this.target.code ? targetRate : this.rateOf(currency);
      numerator += minor * 10n ** BigInt(maxDecimals - decimals) * rate;
    }
    numerator *= 10n ** BigInt(this.target.decimals);
    return divideHalfUp(numerator, 10n ** BigInt(maxDecimals) * targetRate);
  }

  private rateOf(code: string): bigint {
    if (this.facts(code).isDefault) return ONE;
    const rate = this.scaled.get(code);
    if (rate === undefined) throw new Error(`no exchange rate for ${code}`);
    return rate;
  }

  private facts(code: string): CurrencyFacts {
    const facts = code === this.target.code ? this.target : this.currencies.get(code);
    if (!facts) throw new Error(`unknown currency ${code}`);
    return facts;
  }
}

/** numerator / denominator rounded half-up (half away from zero); the denominator is positive. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (magnitude * 2n < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}
