import type { FieldChange } from './audit-event.entity';

type Plain = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Nested objects as dotted paths (`billingAddress.city`); arrays and dates kept whole. */
export function flatten(value: Plain, prefix = ''): Plain {
  return Object.entries(value).reduce<Plain>((flat, [key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(inner)) Object.assign(flat, flatten(inner, path));
    else flat[path] = inner instanceof Date ? inner.toISOString() : inner;
    return flat;
  }, {});
}

/**
 * The fields that differ between two states of a record, each with its before and after.
 * A create is a diff from nothing, a delete a diff to nothing. Ignored fields (hashes,
 * counters that move on their own) never enter the trail.
 */
export function diff(before: Plain | null, after: Plain | null, ignore: readonly string[] = []): FieldChange[] {
  const a = before ? flatten(before) : {};
  const b = after ? flatten(after) : {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (field) => !ignore.some((name) => field === name || field.startsWith(`${name}.`)),
  );
  return fields
    .filter((field) => JSON.stringify(a[field] ?? null) !== JSON.stringify(b[field] ?? null))
    .sort()
    .map((field) => ({ field, before: a[field] ?? null, after: b[field] ?? null }));
}
