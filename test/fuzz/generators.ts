import fc from 'fast-check';
import { checkValue, codePoints, patternOf } from './conformance';
import type { Schema } from './openapi-model';

/**
 * Values the document allows, from its schemas: types, enums, lengths in code points,
 * patterns, formats, bounds, required and optional members. Free text mixes ASCII,
 * accents, CJK, emoji with variation selectors, astral characters and combining marks,
 * and starts with a unique tag, so that names, emails and VAT numbers do not collide.
 */

/** Supplies values a schema cannot know (ids of real records, codes that exist): by member or parameter name. */
export type Hint = (name: string, schema: Schema) => fc.Arbitrary<unknown> | undefined;

export interface GenOptions {
  hint?: Hint;
  /**
   * A base for probes: every body member present, no null, hinted values only; no optional
   * query parameter (each probe adds the one it changes).
   */
  complete?: boolean;
}

let tagCounter = 0;

/** A short token unique within the run (letters and digits only). */
export function uniqueTag(): string {
  tagCounter += 1;
  return `Q${tagCounter.toString(36).padStart(5, '0')}`;
}

export const TAG_LENGTH = 6;

/** Text pieces, each a few code points: what a person may type into a CRM. */
const PIECES = [
  'Acme',
  'GmbH',
  'Müller',
  'Søren',
  'Straße',
  'Łódź',
  'İstanbul',
  '北京',
  '東京都',
  'Ωmega',
  'ﬁne',
  '❤️',
  '😀',
  '👍🏽',
  '🇩🇪',
  'e\u0301',
  'O\u0308',
  '&',
  "O'Neil",
  '"quoted"',
  '<b>',
  '100%',
  'a_b',
  'back\\slash',
  'a/b',
  '1.5',
  '#42',
  '(c)',
  '@home',
  'x',
  'Z',
];
const LINE_PIECES = ['\n', '\t', '\r\n'];

export function cpSlice(text: string, length: number): string {
  return Array.from(text).slice(0, length).join('');
}

/** Whether a pattern admits free text (letters, accents, emoji, CJK) rather than a code or number. */
export function isFreeTextPattern(pattern: string | undefined): boolean {
  if (!pattern) return true;
  const re = patternOf(pattern);
  return re.test('Zz 9 é ❤️ 😀 北') && re.test('Acme');
}

function freeText(schema: Schema, tagged: boolean): fc.Arbitrary<string> {
  const re = schema.pattern ? patternOf(schema.pattern) : undefined;
  const allowed = (piece: string) => !re || re.test(`a${piece}a`);
  const pieces = [...PIECES.filter(allowed), ...LINE_PIECES.filter(allowed)];
  const max = schema.maxLength ?? 200;
  const min = schema.minLength ?? 0;
  return fc
    .array(fc.constantFrom(...pieces), { maxLength: 8 })
    .map((parts) => {
      let text = parts.join(' ').trim();
      if (tagged && max >= TAG_LENGTH + 2) text = `${uniqueTag()} ${text}`.trim();
      text = cpSlice(text, max).trim();
      while (codePoints(text) < min) text += 'x';
      if (min > 0 && text.trim() === '') text = 'x'.repeat(Math.max(min, 1));
      return text;
    })
    .filter((text) => checkValue(schema, text, 'value').length === 0);
}

const EMAIL_DOMAINS = ['example.test', 'mail.example.org', 'example.co.uk'];

function email(schema: Schema): fc.Arbitrary<string> {
  return fc
    .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom(...EMAIL_DOMAINS))
    .map(([word, domain]) => `${word}.${uniqueTag().toLowerCase()}@${domain}`)
    .filter((text) => checkValue(schema, text, 'value').length === 0);
}

function uri(schema: Schema): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('https', 'http'), fc.stringMatching(/^[a-z0-9-]{1,10}$/))
    .map(([scheme, segment]) => `${scheme}://example.test/${uniqueTag()}/${segment}`)
    .filter((text) => checkValue(schema, text, 'value').length === 0);
}

const DAY_MIN = new Date('1900-01-01T00:00:00Z');
const DAY_MAX = new Date('2099-12-31T23:59:59Z');

function stringArb(schema: Schema, name: string): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return email(schema);
    case 'uri':
      return uri(schema);
    case 'date-time':
      return fc.date({ min: DAY_MIN, max: DAY_MAX, noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: DAY_MIN, max: DAY_MAX, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    default:
      break;
  }
  if (isFreeTextPattern(schema.pattern)) return freeText(schema, !/^(q|sort|search)$/.test(name));
  // A pattern of its own: generated from it (lookaheads only filter), then held to every rule.
  const generative = schema.pattern!.replace(/\(\?[=!][^)]*\)/g, '');
  const max = schema.maxLength;
  return fc
    .stringMatching(patternOf(generative), { size: 'small' })
    .filter((text) => (max === undefined || codePoints(text) <= max) && checkValue(schema, text, 'v').length === 0);
}

function integerArb(schema: Schema): fc.Arbitrary<number> {
  const int32 = schema.format === 'int32';
  const min = Math.max(schema.minimum ?? (int32 ? -2147483648 : -1e9), Number.MIN_SAFE_INTEGER);
  const max = Math.min(schema.maximum ?? (int32 ? 2147483647 : 1e9), Number.MAX_SAFE_INTEGER);
  const low = Math.min(max, Math.max(min, 0) + 10);
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min, max: low }) }, fc.integer({ min, max }));
}

/** Values of the schema, all of them valid for it. */
export function valueArb(schema: Schema, name: string, options: GenOptions = {}): fc.Arbitrary<unknown> {
  const base = plainArb(schema, name, options);
  const hinted = options.hint?.(name, schema);
  // A complete value is a base for probes: real records only, so that it fails for nothing but the probe.
  const arb = hinted
    ? options.complete
      ? hinted
      : fc.oneof({ weight: 4, arbitrary: hinted }, { weight: 1, arbitrary: base })
    : base;
  if (schema.nullable && !options.complete) return fc.option(arb, { nil: null, freq: 6 });
  return arb;
}

function plainArb(schema: Schema, name: string, options: GenOptions): fc.Arbitrary<unknown> {
  if (schema.oneOf || schema.anyOf) {
    return fc.oneof(...(schema.oneOf ?? schema.anyOf)!.map((option) => valueArb(option, name, options)));
  }
  switch (schema.type) {
    case 'string':
      return stringArb(schema, name);
    case 'integer':
      return integerArb(schema);
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return arrayArb(schema, name, options);
    case 'object':
      return objectArb(schema, options);
    default:
      if (schema.enum) return fc.constantFrom(...schema.enum);
      return fc.constant('x');
  }
}

function arrayArb(schema: Schema, name: string, options: GenOptions): fc.Arbitrary<unknown[]> {
  const items = schema.items ?? {};
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 5, 5));
  if (items.enum) {
    const maxPick = Math.min(schema.maxItems ?? items.enum.length, items.enum.length);
    return fc.shuffledSubarray(items.enum, { minLength: Math.min(minLength, maxPick), maxLength: maxPick });
  }
  const item = valueArb({ ...items, nullable: false }, name, options);
  return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
}

function objectArb(schema: Schema, options: GenOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  const arbs = Object.fromEntries(keys.map((key) => [key, valueArb(properties[key], key, options)]));
  const requiredKeys = options.complete ? keys : (schema.required ?? []).filter((key) => key in properties);
  return fc.record(arbs, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

/** One value of the arbitrary, the same for the same seed. */
export function sampleOne<T>(arb: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arb, { seed, numRuns: 1 })[0];
}
