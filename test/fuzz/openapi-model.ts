/**
 * The served OpenAPI 3.0 document as the fuzz reads it: every operation with its
 * parameters, request body and documented statuses, schemas with `$ref`s resolved and
 * `allOf` merged.
 */

export interface Schema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  description?: string;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `POST /api/v1/customers`: how failures name it. */
  key: string;
  method: string;
  /** The templated path of the document, `/api/v1/customers/{id}`. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: { schema: Schema; required: boolean; mediaTypes: string[] };
  /** The documented answers: status codes, `4XX`-style ranges and `default`. */
  responses: string[];
  /** Needs a bearer token (an empty requirement `{}` makes it public). */
  secured: boolean;
}

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function pointer(doc: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, part) => {
      if (node === undefined || !(part in node)) throw new Error(`unresolvable $ref ${ref}`);
      return node[part];
    }, doc);
}

/** A schema with every `$ref` replaced by its target and `allOf` merged into one schema. */
export function resolveSchema(doc: Json, schema: Json | undefined, seen: string[] = []): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) throw new Error(`recursive schema ${schema.$ref} is not supported`);
    const { $ref, ...siblings } = schema;
    return resolveSchema(doc, { ...pointer(doc, $ref), ...siblings }, [...seen, $ref]);
  }
  const out: Json = { ...schema };
  if (Array.isArray(schema.allOf)) {
    delete out.allOf;
    for (const part of schema.allOf) {
      const resolved = resolveSchema(doc, part, seen);
      const { properties, required, ...rest } = resolved;
      for (const [key, value] of Object.entries(rest)) if (!(key in out)) out[key] = value;
      if (properties) out.properties = { ...(out.properties ?? {}), ...properties };
      if (required) out.required = [...new Set([...(out.required ?? []), ...required])];
    }
  }
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Json).map(([name, inner]) => [name, resolveSchema(doc, inner, seen)]),
    );
  }
  if (out.items) out.items = resolveSchema(doc, out.items, seen);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(out[key])) out[key] = out[key].map((inner: Json) => resolveSchema(doc, inner, seen));
  }
  if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = resolveSchema(doc, out.additionalProperties, seen);
  }
  return out as Schema;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    const shared: Json[] = item.parameters ?? [];
    for (const method of METHODS) {
      const op: Json | undefined = item[method];
      if (!op) continue;
      const byKey = new Map<string, Json>();
      for (const raw of [...shared, ...(op.parameters ?? [])]) {
        const p = raw.$ref ? pointer(doc, raw.$ref) : raw;
        byKey.set(`${p.in}:${p.name}`, p);
      }
      const parameters: Parameter[] = [...byKey.values()].map((p) => ({
        name: p.name,
        in: p.in,
        required: p.in === 'path' ? true : Boolean(p.required),
        schema: resolveSchema(doc, p.schema),
      }));
      let body: Operation['body'];
      if (op.requestBody) {
        const requestBody = op.requestBody.$ref ? pointer(doc, op.requestBody.$ref) : op.requestBody;
        const mediaTypes = Object.keys(requestBody.content ?? {});
        const json = requestBody.content?.['application/json'] ?? Object.values<Json>(requestBody.content ?? {})[0];
        body = { schema: resolveSchema(doc, json?.schema), required: Boolean(requestBody.required), mediaTypes };
      }
      const security: Json[] | undefined = op.security ?? doc.security;
      const secured = Array.isArray(security) && security.length > 0 && security.every((s) => Object.keys(s).length);
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        parameters,
        body,
        responses: Object.keys(op.responses ?? {}),
        secured,
      });
    }
  }
  return operations;
}

/** The status is one the operation documents (exactly, as a `4XX` range, or as `default`). */
export function documentsStatus(op: Operation, status: number): boolean {
  const code = String(status);
  return op.responses.some((r) => r === code || r === 'default' || r.toUpperCase() === `${code[0]}XX`);
}

/** The schema of the operation's first 2xx JSON answer, for hints such as sortable field names. */
export function successSchema(doc: Json, op: Operation): Schema | undefined {
  const raw = doc.paths[op.path][op.method.toLowerCase()];
  for (const [status, response] of Object.entries<Json>(raw.responses ?? {})) {
    if (!status.startsWith('2')) continue;
    const resolved = response.$ref ? pointer(doc, response.$ref) : response;
    const schema = resolved.content?.['application/json']?.schema;
    if (schema) return resolveSchema(doc, schema);
  }
  return undefined;
}
