import type { ValueTransformer } from 'typeorm';

/**
 * Reads a BIGINT column as `bigint` whatever the driver hands back (mysql2 with
 * `bigNumberStrings`: a string; better-sqlite3: a number) and writes it as a decimal string,
 * which both engines store exactly. A number beyond the safe integers is refused rather
 * than silently rounded.
 */
export function bigintFromDatabase(value: unknown): bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`BIGINT ${value} was read as an unsafe number`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return BigInt(value);
  throw new TypeError(`BIGINT column read as ${typeof value}`);
}

export const BIGINT_COLUMN: ValueTransformer = {
  to: (value: bigint | null | undefined) => (typeof value === 'bigint' ? value.toString() : value),
  from: bigintFromDatabase,
};

/** A SUM (or difference of sums) of BIGINT columns read as `bigint`, none (NULL) as 0. */
export const sumFromDatabase = (value: unknown): bigint => bigintFromDatabase(value) ?? 0n;
