import type { Operation, Schema } from './openapi-model';

/**
 * Whether a request is one the document allows, judged by the document alone: `forbidden`
 * only where a rule of the schema is plainly broken (a type, a length in code points, a
 * pattern, a format, an enum, a bound, a required or unknown member), `unclear` where the
 * document does not settle it (a lone surrogate, a non-ASCII email).
 */

export type Level = 'forbidden' | 'unclear';
export type Verdict = 'valid' | Level;

export interface Finding {
  level: Level;
  at: string;
  reason: string;
}

/** A JSON number written as is (`1e400`, 30 digits), which a JS number cannot carry. */
export class RawNumber {
  constructor(readonly text: string) {}
  get value(): number {
    return Number(this.text);
  }
}

/** A string's length as JSON Schema counts it: in Unicode code points. */
export function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
  }
  return false;
}

const patterns = new Map<string, RegExp>();

/** The document's ECMA-262 pattern as a RegExp, with Unicode semantics where it parses so. */
export function patternOf(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = new RegExp(pattern);
    }
    patterns.set(pattern, re);
  }
  return re;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const PLAIN_EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

function checkFormat(format: string, value: string, at: string, out: Finding[]): void {
  switch (format) {
    case 'uuid':
      if (!UUID.test(value)) out.push({ level: 'forbidden', at, reason: 'not a uuid' });
      return;
    case 'date':
      if (!isCalendarDate(value)) out.push({ level: 'forbidden', at, reason: 'not a full-date' });
      return;
    case 'date-time': {
      const m = DATE_TIME.exec(value);
      const ok =
        m &&
        isCalendarDate(m[1]) &&
        Number(m[2]) <= 23 &&
        Number(m[3]) <= 59 &&
        Number(m[4]) <= 60 &&
        (!m[7] || (Number(m[7]) <= 23 && Number(m[8]) <= 59));
      if (!ok) out.push({ level: 'forbidden', at, reason: 'not an RFC 3339 date-time' });
      return;
    }
    case 'uri':
      if (!URI.test(value)) out.push({ level: 'forbidden', at, reason: 'not a URI' });
      return;
    case 'email':
      if (!/^[^@\s]+@[^@\s]+$/u.test(value)) out.push({ level: 'forbidden', at, reason: 'not an email' });
      else if (!PLAIN_EMAIL.test(value)) out.push({ level: 'unclear', at, reason: 'email outside plain ASCII form' });
      return;
    default:
      return;
  }
}

const INT32 = { min: -2147483648, max: 2147483647 };

function checkNumber(schema: Schema, value: unknown, at: string, out: Finding[]): void {
  const raw = value instanceof RawNumber;
  if (!raw && (typeof value !== 'number' || !Number.isFinite(value))) {
    out.push({ level: 'forbidden', at, reason: `not a ${schema.type}` });
    return;
  }
  const n = raw ? value.value : (value as number);
  if (schema.type === 'integer') {
    const integral = raw ? /^-?\d+(?:[eE]\+?\d+)?$/.test(value.text) || Number.isInteger(n) : Number.isInteger(n);
    if (!integral) out.push({ level: 'forbidden', at, reason: 'not an integer' });
  }
  let min = schema.minimum;
  let max = schema.maximum;
  if (schema.format === 'int32') {
    min = Math.max(min ?? INT32.min, INT32.min);
    max = Math.min(max ?? INT32.max, INT32.max);
  }
  if (min !== undefined && (n < min || (schema.exclusiveMinimum && n === min))) {
    out.push({ level: 'forbidden', at, reason: `below minimum ${min}` });
  } else if (max !== undefined && (n > max || (schema.exclusiveMaximum && n === max))) {
    out.push({ level: 'forbidden', at, reason: `above maximum ${max}` });
  } else if (!Number.isFinite(n)) {
    out.push({ level: 'unclear', at, reason: 'a number beyond double precision' });
  }
}

/** Every way the value breaks the schema (empty: it conforms). */
export function checkValue(schema: Schema, value: unknown, at: string, out: Finding[] = []): Finding[] {
  if (value === undefined) return out;
  if (value === null) {
    if (!schema.nullable) out.push({ level: 'forbidden', at, reason: 'null where not nullable' });
    return out;
  }
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    out.push({ level: 'forbidden', at, reason: 'outside enum' });
    return out;
  }
  if (schema.oneOf || schema.anyOf) {
    const options = (schema.oneOf ?? schema.anyOf)!;
    const results = options.map((option) => checkValue(option, value, at));
    if (!results.some((r) => r.length === 0)) out.push({ level: 'forbidden', at, reason: 'matches no alternative' });
    return out;
  }
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') {
        out.push({ level: 'forbidden', at, reason: 'not a string' });
        return out;
      }
      const length = codePoints(value);
      if (schema.maxLength !== undefined && length > schema.maxLength) {
        out.push({ level: 'forbidden', at, reason: `longer than ${schema.maxLength}` });
      }
      if (schema.minLength !== undefined && length < schema.minLength) {
        out.push({ level: 'forbidden', at, reason: `shorter than ${schema.minLength}` });
      }
      if (hasLoneSurrogate(value)) {
        out.push({ level: 'unclear', at, reason: 'lone surrogate' });
      } else if (schema.pattern && !patternOf(schema.pattern).test(value)) {
        out.push({ level: 'forbidden', at, reason: `does not match ${schema.pattern}` });
      }
      if (schema.format && !hasLoneSurrogate(value)) checkFormat(schema.format, value, at, out);
      return out;
    }
    case 'integer':
    case 'number':
      checkNumber(schema, value, at, out);
      return out;
    case 'boolean':
      if (typeof value !== 'boolean') out.push({ level: 'forbidden', at, reason: 'not a boolean' });
      return out;
    case 'array': {
      if (!Array.isArray(value)) {
        out.push({ level: 'forbidden', at, reason: 'not an array' });
        return out;
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        out.push({ level: 'forbidden', at, reason: `more than ${schema.maxItems} items` });
      }
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        out.push({ level: 'forbidden', at, reason: `fewer than ${schema.minItems} items` });
      }
      if (schema.items) value.forEach((item, i) => checkValue(schema.items!, item, `${at}.${i}`, out));
      return out;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof RawNumber) {
        out.push({ level: 'forbidden', at, reason: 'not an object' });
        return out;
      }
      const record = value as Record<string, unknown>;
      for (const name of schema.required ?? []) {
        if (!Object.prototype.hasOwnProperty.call(record, name) || record[name] === undefined) {
          out.push({ level: 'forbidden', at: `${at}.${name}`, reason: 'required member missing' });
        }
      }
      for (const [name, inner] of Object.entries(record)) {
        const declared =
          schema.properties && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
        if (declared) checkValue(declared, inner, `${at}.${name}`, out);
        else if (typeof schema.additionalProperties === 'object') {
          checkValue(schema.additionalProperties, inner, `${at}.${name}`, out);
        } else if (schema.additionalProperties !== true && inner !== undefined) {
          // class-validator DTOs refuse members they do not declare: unknown members are forbidden.
          out.push({ level: 'forbidden', at: `${at}.${name}`, reason: 'unknown member' });
        }
      }
      return out;
    }
    default:
      return out;
  }
}

/** A query or path value (always text on the wire) read as its schema's type. */
function checkText(schema: Schema, text: string, at: string, out: Finding[]): void {
  if (schema.type === 'integer' || schema.type === 'number') {
    const canonical = schema.type === 'integer' ? /^-?(0|[1-9]\d*)$/ : /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
    if (canonical.test(text)) {
      const n = Number(text);
      checkNumber(schema, Number.isSafeInteger(n) || schema.type === 'number' ? n : new RawNumber(text), at, out);
    } else if (/^\s*[+-]?\d+(\.0*)?\s*$/.test(text)) {
      out.push({ level: 'unclear', at, reason: 'a non-canonical number' });
    } else {
      out.push({ level: 'forbidden', at, reason: `not an ${schema.type}` });
    }
    return;
  }
  if (schema.type === 'boolean') {
    if (text !== 'true' && text !== 'false') out.push({ level: 'forbidden', at, reason: 'not a boolean' });
    return;
  }
  checkValue(schema, text, at, out);
}

export interface WireRequest {
  /** Path parameter values as the server decodes them; `undefined` when not decodable. */
  path: Record<string, string | undefined>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  /** The JSON body as sent, `undefined` for none. */
  body?: unknown;
  /** Text that is not JSON at all. */
  malformed?: boolean;
  contentType?: string;
  authenticated: boolean;
}

/** Every way the request breaks the operation's document. */
export function checkRequest(op: Operation, request: WireRequest): Finding[] {
  const out: Finding[] = [];
  if (op.secured && !request.authenticated) out.push({ level: 'forbidden', at: 'auth', reason: 'no valid token' });
  for (const p of op.parameters) {
    const at = `${p.in}.${p.name}`;
    if (p.in === 'path') {
      const value = request.path[p.name];
      if (value === undefined) out.push({ level: 'forbidden', at, reason: 'not a decodable path segment' });
      else checkText(p.schema, value, at, out);
    } else if (p.in === 'query') {
      const values = request.query.filter(([name]) => name === p.name).map(([, v]) => v);
      if (values.length === 0 && p.required) out.push({ level: 'forbidden', at, reason: 'required parameter missing' });
      if (values.length > 1 && p.schema.type !== 'array') {
        out.push({ level: 'forbidden', at, reason: 'repeated where one value is allowed' });
      }
      if (values.length === 1) checkText(p.schema, values[0], at, out);
    } else if (p.in === 'header') {
      const entry = Object.entries(request.headers).find(([name]) => name.toLowerCase() === p.name.toLowerCase());
      if (!entry && p.required) out.push({ level: 'forbidden', at, reason: 'required header missing' });
      if (entry) checkText(p.schema, entry[1], at, out);
    }
  }
  const declared = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const [name] of request.query) {
    if (!declared.has(name)) out.push({ level: 'forbidden', at: `query.${name}`, reason: 'undeclared parameter' });
  }
  if (request.malformed) {
    out.push({ level: 'forbidden', at: 'body', reason: 'not JSON' });
  } else if (request.body === undefined) {
    if (op.body?.required) out.push({ level: 'forbidden', at: 'body', reason: 'required body missing' });
  } else if (!op.body) {
    out.push({ level: 'unclear', at: 'body', reason: 'a body the operation does not take' });
  } else {
    // Media types compare case-insensitively, parameters (a charset) aside.
    const type = (request.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!op.body.mediaTypes.includes(type)) {
      out.push({ level: 'forbidden', at: 'content-type', reason: `media type ${type || 'none'}` });
    }
    checkValue(op.body.schema, request.body, 'body', out);
  }
  return out;
}

export function verdictOf(findings: Finding[]): Verdict {
  if (findings.some((f) => f.level === 'forbidden')) return 'forbidden';
  return findings.length ? 'unclear' : 'valid';
}
