import fc from 'fast-check';
import { Level, RawNumber, codePoints, patternOf } from './conformance';
import { TAG_LENGTH, cpSlice, isFreeTextPattern, uniqueTag } from './generators';
import type { Operation, Parameter, Schema } from './openapi-model';
import { FuzzRequest, cloneRequest, cloneValue } from './requests';

/**
 * Broken (and boundary) requests: each probe changes one thing of a valid request. Whether
 * the result is allowed is not the probe's to say: the document decides (conformance.ts),
 * except where `forced` says what checking cannot see (JSON that does not parse, a body too
 * deep to walk, a path segment that does not decode).
 */

/** A complete, valid value of a schema (to create a member a probe reaches into). */
export type Fill = (schema: Schema) => unknown;

export interface Probe {
  /** The family, e.g. `maxLength+1`: failures group by it. */
  kind: string;
  /** What it changes: `body.address.street`, `query.page`, `path.id`, `header.If-Match`, `body`. */
  target: string;
  /** The changed request; where checking cannot tell, it says itself what the document makes of it (`forced`). */
  apply(req: FuzzRequest, fill: Fill): FuzzRequest;
  /** A boundary value the document allows: a 400 naming this field refuses a valid value. */
  refusedIfNamed?: string;
}

const DELETE = Symbol('delete');

/** The request with the body member at `path` set (or deleted), creating the members above it. */
function setInBody(
  req: FuzzRequest,
  root: Schema,
  path: string[],
  value: unknown | typeof DELETE,
  fill: Fill,
): FuzzRequest {
  const out = cloneRequest(req);
  delete out.rawBody;
  delete out.malformed;
  delete out.forced;
  if (path.length === 0) {
    out.body = value === DELETE ? undefined : value;
    return out;
  }
  if (!isRecord(out.body)) out.body = fill(root);
  let node = out.body as Record<string, unknown>;
  let schema = root;
  for (const key of path.slice(0, -1)) {
    const inner = schema.properties?.[key] ?? {};
    if (!isRecord(node[key])) node[key] = fill(inner);
    node = node[key] as Record<string, unknown>;
    schema = inner;
  }
  const last = path[path.length - 1];
  if (value === DELETE) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RawNumber);
}

interface Field {
  path: string[];
  schema: Schema;
  required: boolean;
}

/** Every member of the body schema, nested ones included. */
function fieldsOf(schema: Schema, path: string[] = []): Field[] {
  if (schema.type !== 'object' || !schema.properties) return [];
  return Object.entries(schema.properties).flatMap(([name, inner]) => {
    const field = { path: [...path, name], schema: inner, required: (schema.required ?? []).includes(name) };
    return [field, ...fieldsOf(inner, field.path)];
  });
}

// ---------------------------------------------------------------------------------------
// Text of an exact length in code points, in four alphabets.

export const ALPHABETS = ['ascii', 'emoji-vs', 'astral', 'combining'] as const;
export type Alphabet = (typeof ALPHABETS)[number];

const UNITS: Record<Alphabet, { unit: string; width: number }> = {
  ascii: { unit: 'a', width: 1 },
  'emoji-vs': { unit: '❤️', width: 2 },
  astral: { unit: '😀', width: 1 },
  combining: { unit: 'e\u0301', width: 2 },
};

/** Exactly `length` code points of the alphabet, a unique tag first where it fits. */
export function textOfLength(alphabet: Alphabet, length: number): string {
  const tag = length >= 12 ? uniqueTag() : '';
  const { unit, width } = UNITS[alphabet];
  const rest = length - tag.length;
  const text = tag + unit.repeat(Math.floor(rest / width)) + 'a'.repeat(rest % width);
  if (codePoints(text) !== length) throw new Error(`textOfLength(${alphabet}, ${length}) is ${codePoints(text)} long`);
  return text;
}

/** An email address of exactly `length` characters (local part at most 64, labels at most 63). */
export function emailOfLength(length: number): string | undefined {
  const tld = '.test';
  const tag = uniqueTag().toLowerCase();
  const localLength = Math.min(64, length - 1 - tld.length - 1);
  if (localLength < tag.length) return undefined;
  const local = tag + 'l'.repeat(localLength - tag.length);
  let remaining = length - localLength - 1 - tld.length;
  const labels: string[] = [];
  while (remaining > 0) {
    let take = Math.min(63, remaining);
    if (remaining - take === 1) take -= 1;
    labels.push('d'.repeat(take));
    remaining -= take;
    if (remaining > 0) remaining -= 1;
  }
  const email = `${local}@${labels.join('.')}${tld}`;
  return email.length === length ? email : undefined;
}

function uriOfLength(length: number): string | undefined {
  const base = `https://example.test/${uniqueTag()}/`;
  return length >= base.length ? base + 'p'.repeat(length - base.length) : undefined;
}

function dateTimeOfLength(length: number): string | undefined {
  const base = '2026-01-31T12:34:56';
  if (length === 20) return `${base}Z`;
  if (length < 22) return undefined;
  return `${base}.${'1'.repeat(length - base.length - 2)}Z`;
}

/** A string of exactly `length` characters the field's own rules (pattern, format) allow, if there is one. */
function conformingOfLength(schema: Schema, alphabet: Alphabet, length: number): string | undefined {
  if (schema.enum) return undefined;
  switch (schema.format) {
    case 'email':
      return alphabet === 'ascii' ? emailOfLength(length) : undefined;
    case 'uri':
      return alphabet === 'ascii' ? uriOfLength(length) : undefined;
    case 'date-time':
      return alphabet === 'ascii' ? dateTimeOfLength(length) : undefined;
    case 'date':
    case 'uuid':
      return undefined;
    default:
      break;
  }
  if (isFreeTextPattern(schema.pattern)) return textOfLength(alphabet, length);
  if (alphabet !== 'ascii') return undefined;
  const re = patternOf(schema.pattern!);
  for (const unit of ['a', 'A', '1', 'x', 'Z', '0']) {
    if (re.test(unit.repeat(length))) return unit.repeat(length);
  }
  return undefined;
}

/** Too long by one: the field's own shape where there is one, else text of the alphabet. */
function overLength(schema: Schema, alphabet: Alphabet, length: number): string {
  return conformingOfLength(schema, alphabet, length) ?? textOfLength(alphabet, length);
}

// ---------------------------------------------------------------------------------------
// Values that break a schema (or sit on its boundary).

interface ValueProbe {
  kind: string;
  value: unknown;
  /** A boundary value (text at maxLength, a bound, null where nullable): refusing it when valid is a defect. */
  boundary?: boolean;
}

const CONTROL_CHARACTERS: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
  ['NEL', '\u0085'],
  ['LF', '\n'],
];

function wrongType(schema: Schema): unknown[] {
  switch (schema.type) {
    case 'string':
      return [12345, true, { text: 'x' }, ['x']];
    case 'integer':
    case 'number':
      return ['1', true, [1], { n: 1 }];
    case 'boolean':
      return ['true', 1, 'yes'];
    case 'array':
      return ['x', { 0: 'x' }, 1];
    case 'object':
      return ['x', [], 1, true];
    default:
      return [];
  }
}

function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = kind === 'array' ? [] : {};
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

function stringProbes(schema: Schema, sample: string): ValueProbe[] {
  const probes: ValueProbe[] = [];
  const free = isFreeTextPattern(schema.pattern) && !schema.format && !schema.enum;
  if (schema.maxLength !== undefined) {
    const max = schema.maxLength;
    for (const alphabet of ALPHABETS) {
      const atMax = conformingOfLength(schema, alphabet, max);
      if (atMax !== undefined) {
        probes.push({
          kind: `maxLength:${alphabet}`,
          value: atMax,
          boundary: free || ['email', 'uri', 'date-time'].includes(schema.format ?? ''),
        });
      }
      probes.push({ kind: `maxLength+1:${alphabet}`, value: overLength(schema, alphabet, max + 1) });
    }
    if (free) {
      // One past the limit only by white space at the ends: over it as sent, whatever trimming makes of it.
      probes.push({ kind: 'maxLength+1:trailing-space', value: `${textOfLength('ascii', max)} ` });
      probes.push({ kind: 'maxLength+1:leading-space', value: ` ${textOfLength('ascii', max)}` });
    }
  }
  if (schema.minLength !== undefined && schema.minLength > 0) {
    probes.push({ kind: 'minLength-1', value: cpSlice(sample, schema.minLength - 1) });
    probes.push({ kind: 'blank', value: ' '.repeat(schema.minLength) });
  }
  const base = Array.from(cpSlice(sample || 'x', Math.max(1, (schema.maxLength ?? 10) - 1)));
  const middle = Math.floor(base.length / 2);
  for (const [name, char] of CONTROL_CHARACTERS) {
    probes.push({
      kind: `control:${name}`,
      value: [...base.slice(0, middle), char, ...base.slice(middle)].join(''),
    });
  }
  probes.push({ kind: 'lone-surrogate', value: `${base.slice(0, -1).join('')}\ud83d` });
  if (schema.enum) {
    probes.push({ kind: 'enum:outside', value: 'not-in-enum' });
    const flipped = String(schema.enum[0]).toUpperCase() === String(schema.enum[0]) ? 'lower' : 'upper';
    probes.push({
      kind: 'enum:case',
      value: flipped === 'lower' ? String(schema.enum[0]).toLowerCase() : String(schema.enum[0]).toUpperCase(),
    });
  }
  if (schema.pattern && !isFreeTextPattern(schema.pattern)) {
    probes.push({ kind: 'pattern', value: `${cpSlice(sample, Math.max(0, (schema.maxLength ?? 10) - 2))} !` });
  }
  switch (schema.format) {
    case 'uuid':
      probes.push({ kind: 'format', value: 'not-a-uuid' });
      probes.push({ kind: 'format:nil', value: '00000000-0000-0000-0000-000000000000' });
      probes.push({ kind: 'format:upper', value: sample.toUpperCase() });
      break;
    case 'email':
      probes.push({ kind: 'format', value: 'no-at-sign.example.test' });
      probes.push({ kind: 'format:unicode', value: `${uniqueTag()}❤️@example.test` });
      break;
    case 'date-time':
      probes.push({ kind: 'format', value: '2026-13-45T99:99:99Z' });
      probes.push({ kind: 'format:words', value: 'yesterday' });
      break;
    case 'date':
      probes.push({ kind: 'format', value: '2026-02-30' });
      break;
    case 'uri':
      probes.push({ kind: 'format', value: 'not a uri' });
      break;
    default:
      break;
  }
  return probes;
}

function numberProbes(schema: Schema): ValueProbe[] {
  const probes: ValueProbe[] = [
    { kind: 'huge', value: new RawNumber('1e400') },
    { kind: 'huge:negative', value: new RawNumber('-1e400') },
    { kind: 'huge:digits', value: new RawNumber('123456789012345678901234567890') },
    { kind: 'unsafe-integer', value: new RawNumber('9007199254740993') },
  ];
  if (schema.type === 'integer') probes.push({ kind: 'fraction', value: 1.5 });
  if (schema.minimum !== undefined) {
    probes.push({ kind: 'minimum', value: schema.minimum, boundary: true });
    probes.push({ kind: 'minimum-1', value: schema.minimum - 1 });
  }
  if (schema.maximum !== undefined) {
    probes.push({ kind: 'maximum', value: schema.maximum, boundary: true });
    probes.push({ kind: 'maximum+1', value: schema.maximum + 1 });
  }
  return probes;
}

function arrayProbes(schema: Schema, fill: Fill): ValueProbe[] {
  const probes: ValueProbe[] = [];
  const items = schema.items ?? {};
  const one = () => fill(items);
  const distinct = (n: number): unknown[] => {
    if (items.enum) return Array.from({ length: n }, (_, i) => items.enum![i % items.enum!.length]);
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (let i = 0; out.length < n && i < n * 3; i++) {
      const v = one();
      const key = JSON.stringify(v);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(v);
      }
    }
    return out;
  };
  if (schema.maxItems !== undefined) {
    probes.push({ kind: 'maxItems', value: distinct(schema.maxItems) });
    probes.push({ kind: 'maxItems+1', value: distinct(schema.maxItems + 1) });
  }
  const big = Math.max(10000, (schema.maxItems ?? 0) * 4);
  const sample = one();
  probes.push({ kind: 'oversized', value: Array.from({ length: big }, () => cloneValue(sample)) });
  if (schema.minItems) probes.push({ kind: 'minItems-1', value: distinct(schema.minItems - 1) });
  probes.push({ kind: 'item:null', value: [null] });
  probes.push({ kind: 'item:wrong-type', value: [wrongType(items)[0] ?? null] });
  return probes;
}

function valueProbes(schema: Schema, sample: unknown, fill: Fill): ValueProbe[] {
  const probes: ValueProbe[] = [{ kind: 'null', value: null, boundary: Boolean(schema.nullable) }];
  wrongType(schema).forEach((value, i) => probes.push({ kind: i === 0 ? 'wrong-type' : `wrong-type:${i}`, value }));
  probes.push({ kind: 'deep', value: nested(400, 'array') });
  switch (schema.type) {
    case 'string':
      probes.push(...stringProbes(schema, typeof sample === 'string' ? sample : String(fill(schema))));
      break;
    case 'integer':
    case 'number':
      probes.push(...numberProbes(schema));
      break;
    case 'array':
      probes.push(...arrayProbes(schema, fill));
      break;
    case 'object':
      probes.push({ kind: 'empty-object', value: {} });
      break;
    default:
      break;
  }
  return probes;
}

// ---------------------------------------------------------------------------------------
// Probes of each part of a request.

const MALFORMED_JSON = ['{', '{"a":1,}', "{'a':1}", '{"a":1}}', 'nul', '{"a":"\\x"}', '{"a":"\u0000"}', ''];

function deepText(depth: number): string {
  return `{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

function bodyProbes(op: Operation, sampleBody: unknown, fill: Fill): Probe[] {
  const body = op.body!;
  const root = body.schema;
  const probes: Probe[] = [];
  const whole = (kind: string, change: (req: FuzzRequest) => void, forced?: Level): Probe => ({
    kind,
    target: 'body',
    apply: (req) => {
      const out = cloneRequest(req);
      delete out.rawBody;
      delete out.malformed;
      delete out.forced;
      change(out);
      if (forced) out.forced = forced;
      return out;
    },
  });
  MALFORMED_JSON.forEach((text, i) =>
    probes.push(
      whole(
        `malformed-json:${i}`,
        (r) => {
          r.rawBody = text;
          r.malformed = true;
        },
        'forbidden',
      ),
    ),
  );
  for (const [kind, value] of [
    ['json-null', null],
    ['json-array', []],
    ['json-array-of-body', [sampleBody ?? {}]],
    ['json-string', 'text'],
    ['json-number', 42],
    ['json-true', true],
  ] as Array<[string, unknown]>) {
    probes.push(whole(`whole:${kind}`, (r) => (r.body = value)));
  }
  probes.push(whole('missing-body', (r) => (r.body = undefined)));
  probes.push(
    whole('content-type:text', (r) => {
      r.body = r.body ?? sampleBody;
      r.contentType = 'text/plain';
    }),
  );
  probes.push(
    whole('content-type:form', (r) => {
      r.body = { a: 'b' };
      r.rawBody = 'a=b';
      r.contentType = 'application/x-www-form-urlencoded';
    }),
  );
  for (const [kind, type] of [
    ['content-type:charset', 'application/json; charset=utf-8'],
    ['content-type:upper-case', 'Application/JSON'],
    ['content-type:merge-patch', 'application/merge-patch+json'],
    ['content-type:vendor', 'application/vnd.api+json'],
  ]) {
    probes.push(
      whole(kind, (r) => {
        r.body = r.body ?? sampleBody;
        r.contentType = type;
      }),
    );
  }
  probes.push(
    whole('too-large', (r) => {
      r.body = { ...(isRecord(r.body) ? r.body : {}), padding: 'p'.repeat(2 * 1024 * 1024) };
    }),
  );
  for (const depth of [300, 5000, 100000]) {
    probes.push(
      whole(
        `deep:${depth}`,
        (r) => {
          r.body = { deep: [] };
          r.rawBody = deepText(depth);
        },
        'forbidden',
      ),
    );
  }
  probes.push(
    whole(
      'prototype:__proto__',
      (r) => {
        const text = JSON.stringify(isRecord(r.body) ? r.body : (sampleBody ?? {}));
        r.body = { __proto__: 'x' };
        r.rawBody = text === '{}' ? '{"__proto__":{"isAdmin":true}}' : `{"__proto__":{"isAdmin":true},${text.slice(1)}`;
      },
      'forbidden',
    ),
  );
  const objects = [{ path: [] as string[], schema: root }, ...fieldsOf(root).filter((f) => f.schema.type === 'object')];
  for (const { path, schema } of objects) {
    if (schema.type !== 'object') continue;
    const target = ['body', ...path].join('.');
    const member = (name: string, value: unknown): Probe => ({
      kind: `unknown-member${name === 'constructor' ? ':constructor' : ''}`,
      target,
      apply: (req, f) => {
        const current = getIn(req.body, path);
        const out = setInBody(req, root, path, isRecord(current) ? cloneValue(current) : f(schema), f);
        const node = getIn(out.body, path);
        if (isRecord(node)) node[name] = cloneValue(value);
        return out;
      },
    });
    probes.push(member('unknownMember', 'x'));
    if (path.length === 0) probes.push(member('constructor', { prototype: { isAdmin: true } }));
  }
  for (const field of fieldsOf(root)) {
    const target = ['body', ...field.path].join('.');
    if (field.required) {
      probes.push({
        kind: 'missing-required',
        target,
        apply: (req, f) => setInBody(req, root, field.path, DELETE, f),
      });
    }
    const sample = getIn(sampleBody, field.path) ?? fill(field.schema);
    for (const vp of valueProbes(field.schema, sample, fill)) {
      probes.push({
        kind: vp.kind,
        target,
        refusedIfNamed: vp.boundary ? field.path.join('.') : undefined,
        apply: (req, f) => setInBody(req, root, field.path, cloneValue(vp.value), f),
      });
    }
  }
  return probes;
}

function getIn(value: unknown, path: string[]): any {
  let node: any = value;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

function setQuery(req: FuzzRequest, name: string, values: string[], raw = false): FuzzRequest {
  const out = cloneRequest(req);
  out.query = [...out.query.filter((q) => q.name !== name), ...values.map((value) => ({ name, value, raw }))];
  return out;
}

function textProbes(schema: Schema, sample: string): ValueProbe[] {
  if (schema.type === 'integer' || schema.type === 'number') {
    const probes: ValueProbe[] = [
      { kind: 'empty', value: '' },
      { kind: 'wrong-type', value: 'abc' },
      { kind: 'fraction', value: '1.5' },
      { kind: 'huge:digits', value: '99999999999999999999' },
      { kind: 'exponent', value: '1e3' },
      { kind: 'hex', value: '0x10' },
    ];
    if (schema.minimum !== undefined) {
      probes.push({ kind: 'minimum', value: String(schema.minimum), boundary: true });
      probes.push({ kind: 'minimum-1', value: String(schema.minimum - 1) });
    }
    if (schema.maximum !== undefined) {
      probes.push({ kind: 'maximum', value: String(schema.maximum), boundary: true });
      probes.push({ kind: 'maximum+1', value: String(schema.maximum + 1) });
    }
    return probes;
  }
  if (schema.type === 'boolean') return [{ kind: 'wrong-type', value: 'yes' }];
  return [{ kind: 'empty', value: '' }, ...stringProbes(schema, sample).filter((p) => p.kind !== 'lone-surrogate')];
}

function queryProbes(op: Operation, sample: (p: Parameter) => string): Probe[] {
  const probes: Probe[] = [];
  const unknown = (kind: string, name: string, value: string): Probe => ({
    kind,
    target: 'query',
    apply: (req) => setQuery(req, name, [value]),
  });
  probes.push(unknown('unknown-parameter', 'unknownParameter', '1'));
  probes.push(unknown('unknown-parameter:long-name', 'p'.repeat(4000), '1'));
  probes.push(unknown('unknown-parameter:__proto__', '__proto__', '1'));
  probes.push(unknown('unknown-parameter:bracket', 'filter[a]', '1'));
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    const target = `query.${p.name}`;
    for (const vp of textProbes(p.schema, sample(p))) {
      probes.push({
        kind: vp.kind,
        target,
        refusedIfNamed: vp.boundary ? p.name : undefined,
        apply: (req) => setQuery(req, p.name, [String(vp.value)]),
      });
    }
    probes.push({ kind: 'repeated', target, apply: (req) => setQuery(req, p.name, [sample(p), sample(p)]) });
    probes.push({ kind: 'bad-percent-encoding', target, apply: (req) => setQuery(req, p.name, ['%E0%A4%A'], true) });
  }
  return probes;
}

function pathProbes(op: Operation, sample: (p: Parameter) => string): Probe[] {
  const probes: Probe[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const target = `path.${p.name}`;
    const set = (kind: string, value: string, raw = false): Probe => ({
      kind,
      target,
      apply: (req) => {
        const out = cloneRequest(req);
        out.path[p.name] = { value, raw };
        return out;
      },
    });
    const base = sample(p);
    // 20,000: past the 16 KiB a Node server takes of a request line and its headers together.
    for (const length of [37, 2000, 5000, 12000, 20000]) probes.push(set(`long:${length}`, 'a'.repeat(length)));
    probes.push(set('long:astral', '😀'.repeat(800)));
    probes.push(set('long:emoji-vs', '❤️'.repeat(400)));
    probes.push(set('long:combining', 'e\u0301'.repeat(1500)));
    probes.push(set('wrong-shape', 'not-an-id'));
    probes.push(set('number', '1'));
    probes.push(set('control:NUL', `${base}\u0000`));
    probes.push(set('control:LF', `${base.slice(0, -1)}\n`));
    probes.push(set('space', `${base.slice(0, -1)} `));
    probes.push(set('encoded-slash', `${base}/x`));
    probes.push(set('upper-case', base.toUpperCase()));
    probes.push(set('lower-case', base.toLowerCase()));
    probes.push(set('bad-percent-encoding', '%E0%A4%A', true));
    probes.push(set('bad-percent-encoding:lone', '%', true));
    probes.push(set('bad-percent-encoding:overlong', '%C0%AF', true));
    probes.push(set('bad-percent-encoding:surrogate', '%ED%A0%80', true));
    if (p.schema.maxLength !== undefined) probes.push(set('maxLength+1', `${base}${base.slice(-1)}`));
  }
  return probes;
}

function headerProbes(op: Operation, sample: (p: Parameter) => string): Probe[] {
  const probes: Probe[] = [];
  const set = (kind: string, target: string, change: (req: FuzzRequest) => void): Probe => ({
    kind,
    target,
    apply: (req) => {
      const out = cloneRequest(req);
      change(out);
      return out;
    },
  });
  for (const p of op.parameters.filter((x) => x.in === 'header')) {
    const target = `header.${p.name}`;
    const values: Array<[string, string]> = [
      ['empty', ''],
      ['space-inside', 'a b'],
      ['latin1', 'schlüssel'],
      ['wildcard', '*'],
      ['wrong-shape', 'not-a-valid-value!'],
      ['maxLength+1', 'k'.repeat((p.schema.maxLength ?? 200) + 1)],
      ['long', 'k'.repeat(8000)],
    ];
    if (p.schema.maxLength !== undefined) {
      const atMax = conformingOfLength(p.schema, 'ascii', p.schema.maxLength);
      // Unique where the pattern allows it: a header value may be a key the server remembers.
      const tagged = atMax && uniqueTag() + atMax.slice(TAG_LENGTH);
      if (tagged && patternOf(p.schema.pattern ?? '').test(tagged)) values.push(['maxLength', tagged]);
      else if (atMax !== undefined) values.push(['maxLength', atMax]);
    }
    values.push(['sample', sample(p)]);
    for (const [kind, value] of values) {
      probes.push(set(kind, target, (r) => (r.headers[p.name] = value)));
    }
  }
  if (op.secured) {
    probes.push(set('auth:none', 'auth', (r) => (r.auth = 'none')));
    for (const [kind, header] of [
      ['auth:garbage', 'Bearer garbage'],
      ['auth:alg-none', 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiaXNBZG1pbiI6dHJ1ZX0.'],
      ['auth:basic', 'Basic YWRtaW46YWRtaW4='],
      ['auth:long', `Bearer ${'a'.repeat(8000)}`],
    ]) {
      probes.push(
        set(kind, 'auth', (r) => {
          r.auth = 'invalid';
          r.authorization = header;
        }),
      );
    }
  }
  return probes;
}

export interface ProbeContext {
  /** A valid body of the operation, every member present. */
  sampleBody: unknown;
  /** A valid value of a parameter, as text. */
  sampleParameter: (p: Parameter) => string;
  fill: Fill;
}

/** Every probe of an operation: its body, query, path and headers. */
export function probesOf(op: Operation, ctx: ProbeContext): Probe[] {
  return [
    ...(op.body ? bodyProbes(op, ctx.sampleBody, ctx.fill) : []),
    ...queryProbes(op, ctx.sampleParameter),
    ...pathProbes(op, ctx.sampleParameter),
    ...headerProbes(op, ctx.sampleParameter),
  ];
}

/** Random breakage on top of the catalogue: any JSON at any member, any text at any text member. */
export function randomProbeArb(op: Operation, catalogue: Probe[]): fc.Arbitrary<Probe[]> {
  const pick = fc.integer({ min: 0, max: Math.max(0, catalogue.length - 1) }).map((i) => catalogue[i]);
  const choices: Array<fc.Arbitrary<Probe>> = catalogue.length ? [pick] : [];
  if (op.body) {
    const root = op.body.schema;
    const fields = fieldsOf(root);
    const texts = fields.filter((f) => f.schema.type === 'string');
    if (fields.length) {
      choices.push(
        fc.tuple(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 })).map(([field, value]) => ({
          kind: 'random-json',
          target: ['body', ...field.path].join('.'),
          apply: (req, f) => setInBody(req, root, field.path, value, f),
        })),
      );
    }
    if (texts.length) {
      choices.push(
        fc.tuple(fc.constantFrom(...texts), fc.string({ unit: 'binary', maxLength: 300 })).map(([field, value]) => ({
          kind: 'random-text',
          target: ['body', ...field.path].join('.'),
          apply: (req, f) => setInBody(req, root, field.path, value, f),
        })),
      );
    }
    choices.push(
      fc.jsonValue({ maxDepth: 4 }).map((value) => ({
        kind: 'random-body',
        target: 'body',
        apply: (req, f) => setInBody(req, root, [], value, f),
      })),
    );
  }
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    choices.push(
      fc.string({ unit: 'grapheme', maxLength: 250 }).map((value) => ({
        kind: 'random-text',
        target: `query.${p.name}`,
        apply: (req) => setQuery(req, p.name, [value]),
      })),
    );
  }
  if (choices.length === 0) return fc.constant([]);
  return fc.array(fc.oneof(...choices), { minLength: 1, maxLength: 3 });
}
