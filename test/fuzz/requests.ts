import fc from 'fast-check';
import { Level, RawNumber, WireRequest } from './conformance';
import { GenOptions, Hint, valueArb } from './generators';
import type { Operation, Parameter, Schema } from './openapi-model';

/** One request of the fuzz, before it is put on the wire. */
export interface FuzzRequest {
  /** Path parameters; `raw` ones go into the URL as they are (their own percent-encoding). */
  path: Record<string, { value: string; raw?: boolean }>;
  query: Array<{ name: string; value: string; raw?: boolean }>;
  headers: Record<string, string>;
  /** The JSON body (may hold RawNumber); with `rawBody`, what that text stands for. */
  body?: unknown;
  /** Sent instead of the body's JSON. */
  rawBody?: string;
  /** `rawBody` is not JSON at all. */
  malformed?: boolean;
  /** Defaults to application/json when a body is sent. */
  contentType?: string;
  auth: 'caller' | 'none' | 'invalid';
  /** The Authorization header of an `invalid` request. */
  authorization?: string;
  /** What the document says of the request where checking it cannot tell (e.g. a body too deep to walk). */
  forced?: Level;
}

/** Where a value goes, for hints that depend on it. */
export interface Place {
  op: Operation;
  in: 'path' | 'query' | 'header' | 'body';
}

export type PlacedHint = (name: string, schema: Schema, place: Place) => fc.Arbitrary<unknown> | undefined;

/** Stands for the resource's current ETag; replaced just before sending. */
export const CURRENT_ETAG = '@current-etag';

function textOf(value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(textOf);
  if (value instanceof RawNumber) return [value.text];
  return [String(value)];
}

function paramArb(p: Parameter, hint: PlacedHint, op: Operation, options: GenOptions): fc.Arbitrary<unknown> {
  const place: Place = { op, in: p.in as Place['in'] };
  return valueArb(p.schema, p.name, { ...options, hint: (name, schema) => hint(name, schema, place) });
}

/** Requests the document allows, with every value from its schema (and the hints). */
export function requestArb(op: Operation, hint: PlacedHint, options: GenOptions = {}): fc.Arbitrary<FuzzRequest> {
  const path = Object.fromEntries(
    op.parameters
      .filter((p) => p.in === 'path')
      .map((p) => [p.name, paramArb(p, hint, op, options).map((v) => ({ value: String(v) }))]),
  );
  const optional = (p: Parameter, weight: number) =>
    p.required || (options.complete && p.in === 'header')
      ? paramArb(p, hint, op, options)
      : options.complete
        ? fc.constant(undefined)
        : fc.option(paramArb(p, hint, op, options), { nil: undefined, freq: weight });
  const query = fc.tuple(
    ...op.parameters
      .filter((p) => p.in === 'query')
      .map((p) => optional(p, 2).map((v) => textOf(v).map((value) => ({ name: p.name, value })))),
  );
  const headers = fc.tuple(
    ...op.parameters
      .filter((p) => p.in === 'header')
      .map((p) => optional(p, 1).map((v) => (v === undefined ? [] : [[p.name, String(v)] as const]))),
  );
  const bodyHint: Hint = (name, schema) => hint(name, schema, { op, in: 'body' });
  const body: fc.Arbitrary<unknown> = op.body
    ? op.body.required || options.complete
      ? valueArb(op.body.schema, 'body', { ...options, hint: bodyHint })
      : fc.option(valueArb(op.body.schema, 'body', { ...options, hint: bodyHint }), { nil: undefined, freq: 4 })
    : fc.constant(undefined);
  return fc.record({ path: fc.record(path), query, headers, body }).map((r) => ({
    path: r.path as FuzzRequest['path'],
    query: r.query.flat(),
    headers: Object.fromEntries(r.headers.flat()),
    body: r.body,
    auth: 'caller' as const,
  }));
}

/** A deep copy that keeps RawNumber instances. */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof RawNumber) return value;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: cloneValue((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}

export function cloneRequest(req: FuzzRequest): FuzzRequest {
  return {
    ...req,
    path: Object.fromEntries(Object.entries(req.path).map(([k, v]) => [k, { ...v }])),
    query: req.query.map((q) => ({ ...q })),
    headers: { ...req.headers },
    body: cloneValue(req.body),
  };
}

/** The body as JSON text, RawNumbers written as they are. */
export function serialiseBody(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_key, value) => {
    if (value instanceof RawNumber) {
      raws.push(value.text);
      return `@@raw-number-${raws.length - 1}@@`;
    }
    return value;
  });
  return text.replace(/"@@raw-number-(\d+)@@"/g, (_m, i: string) => raws[Number(i)]);
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** What the server receives, for checking against the document. */
export function wireOf(req: FuzzRequest): WireRequest {
  const sendsBody = req.rawBody !== undefined || req.body !== undefined;
  return {
    path: Object.fromEntries(Object.entries(req.path).map(([k, v]) => [k, v.raw ? decoded(v.value) : v.value])),
    query: req.query.map((q) => [q.name, q.raw ? (decoded(q.value) ?? q.value) : q.value]),
    headers: req.headers,
    body: req.malformed ? undefined : req.body,
    malformed: req.malformed,
    contentType: sendsBody ? (req.contentType ?? 'application/json') : undefined,
    authenticated: req.auth === 'caller',
  };
}

/** Percent-encoded as UTF-8; a lone surrogate (which has no UTF-8) becomes U+FFFD. */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

/** The URL path and query of the request. */
export function urlOf(op: Operation, req: FuzzRequest): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = req.path[name];
    if (!p) return '';
    return p.raw ? p.value : encode(p.value);
  });
  const query = req.query
    .map((q) => (q.raw ? `${q.name}=${q.value}` : `${encode(q.name)}=${encode(q.value)}`))
    .join('&');
  return query ? `${path}?${query}` : path;
}
