import type { OpenAPIObject } from '@nestjs/swagger';
import { HTTP_TITLES } from '../errors/http-titles';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_REPLAYED_HEADER } from '../idempotency-key';

type Json = Record<string, any>;

export const BEARER_SCHEME = 'bearer';
/** The scheme of portal routes: a contact's access token, whose audience no staff route accepts. */
export const PORTAL_BEARER_SCHEME = 'portalBearer';
const PROBLEM = 'application/problem+json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const;

const SHARED_HEADERS: Json = {
  'RateLimit-Limit': {
    description: 'Requests allowed in the current window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000000 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000000 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window resets',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
  },
  'Access-Control-Allow-Origin': {
    description: 'CORS: the origins allowed to read the response',
    schema: { type: 'string', maxLength: 2048, pattern: '^(\\*|https?://\\S+)$' },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
  },
  [IDEMPOTENCY_REPLAYED_HEADER]: {
    description: 'Present (`true`) when this is the stored first answer to the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'], maxLength: 4 },
  },
};

const IDEMPOTENCY_KEY_PARAMETER = 'IdempotencyKey';

const SHARED_PARAMETERS: Json = {
  [IDEMPOTENCY_KEY_PARAMETER]: {
    name: IDEMPOTENCY_KEY.header,
    in: 'header',
    required: false,
    description:
      'Makes the request safe to retry: for 24 hours the same key with the same request answers the first answer again (with `Idempotency-Replayed: true`) instead of acting twice; the same key with another request answers 422, and while the first request runs, 409. A request refused as invalid (400) keeps nothing, so the corrected request may use the same key. Keys belong to the signed-in user; use a new random value (a UUID) per operation.',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: IDEMPOTENCY_KEY.maxLength,
      pattern: IDEMPOTENCY_KEY.pattern,
    },
  },
};

/** Answers only a request with an Idempotency-Key may get (SPEC §3). */
const IDEMPOTENCY_ERRORS: Record<string, string> = {
  '409':
    'IDEMPOTENCY_KEY_IN_PROGRESS: a request with this Idempotency-Key is still running; retry after the given seconds. IDEMPOTENCY_KEY_ANSWER_LOST: the request with this Idempotency-Key was carried out (at `committedAt`) but its answer was lost; it does not run again',
  '422': 'IDEMPOTENCY_KEY_MISMATCH: this Idempotency-Key was used with another request',
};

const STANDARD_ERRORS: Record<string, { description: string; schema: string; when: (op: OperationInfo) => boolean }> = {
  '400': {
    description: 'Malformed request or failed validation: every failing field is listed',
    schema: 'ValidationProblemDto',
    when: () => true,
  },
  '401': {
    description: 'Missing, expired or invalid access token',
    schema: 'ProblemDetailsDto',
    when: (op) => !op.isPublic,
  },
  '403': {
    description: 'The caller lacks the capability this operation needs',
    schema: 'ProblemDetailsDto',
    when: (op) => !op.isPublic,
  },
  '404': {
    description: 'Not found, or not visible to the caller',
    schema: 'ProblemDetailsDto',
    when: (op) => op.hasPathParams,
  },
  '413': { description: 'Request body too large', schema: 'ProblemDetailsDto', when: (op) => op.hasBody },
  '415': { description: 'Unsupported content type', schema: 'ProblemDetailsDto', when: (op) => op.hasBody },
  '431': {
    description: 'REQUEST_HEADERS_TOO_LARGE: the request line and headers exceed 16 KiB',
    schema: 'ProblemDetailsDto',
    when: () => true,
  },
  '429': {
    description: 'Too many requests: retry after the given seconds',
    schema: 'ProblemDetailsDto',
    when: () => true,
  },
  '500': {
    description: 'Unexpected error; the request id identifies it in the logs',
    schema: 'ProblemDetailsDto',
    when: () => true,
  },
  '503': {
    description: 'DATABASE_UNAVAILABLE: the database cannot be reached; retry after the given seconds',
    schema: 'ProblemDetailsDto',
    when: () => true,
  },
};

interface OperationInfo {
  isPublic: boolean;
  /** A signed-in POST: it accepts an Idempotency-Key. */
  isIdempotent: boolean;
  hasPathParams: boolean;
  hasBody: boolean;
}

export interface HardenOptions {
  serverUrl: string;
  /** Descriptions of the tags operations use; every used tag is declared globally. */
  tagDescriptions?: Record<string, string>;
}

function headerRefs(names: readonly string[]): Json {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

/**
 * Completes the generated document with what every operation shares: the bearer scheme
 * (deny by default; `x-public` operations get the empty requirement), problem-details
 * error responses, rate-limit and CORS headers on every response, and the server entry.
 * Endpoints then pass the OpenAPI gate by construction.
 */
export function hardenOpenApiDocument(document: OpenAPIObject, options: HardenOptions): OpenAPIObject {
  const doc = document as Json;
  doc.servers = [
    {
      url: options.serverUrl,
      description: 'This instance (local, staging or production, as configured by APP_URL)',
      'x-internal': false,
    },
  ];
  doc.components ??= {};
  doc.components.headers = { ...(doc.components.headers ?? {}), ...SHARED_HEADERS };
  doc.components.parameters = { ...(doc.components.parameters ?? {}), ...SHARED_PARAMETERS };
  doc.components.securitySchemes = {
    ...(doc.components.securitySchemes ?? {}),
    [BEARER_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'Access token from `POST /api/v1/auth/login`: a JWS signed with HS256 whose algorithm, issuer and audience are pinned, valid 15 minutes, conforming to RFC8725 (JSON Web Token Best Current Practices).',
    },
    [PORTAL_BEARER_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        "A contact's access token from `POST /api/v1/portal/auth/login` (or an administrator's `POST /api/v1/customers/{id}/login-as-client`): a JWS signed with HS256 whose algorithm, issuer and audience are pinned (the portal's audience: staff routes refuse it, and portal routes refuse staff tokens), valid 15 minutes, conforming to RFC8725 (JSON Web Token Best Current Practices).",
    },
  };
  const tags = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      hardenOperation(path, method, operation, doc.components.schemas ?? {});
      (operation.tags ?? []).forEach((tag: string) => tags.add(tag));
    }
  }
  doc.tags = [...tags].sort().map((name) => ({ name, description: options.tagDescriptions?.[name] ?? name }));
  return document;
}

function hardenOperation(path: string, method: (typeof METHODS)[number], operation: Json, schemas: Json): void {
  const isPublic = operation['x-public'] === true;
  delete operation['x-public'];
  operation.security = isPublic ? [{}] : (operation.security ?? [{ [BEARER_SCHEME]: [] }]);
  const info: OperationInfo = {
    isPublic,
    isIdempotent: method === 'post' && !isPublic,
    hasPathParams: path.includes('{'),
    hasBody: operation.requestBody !== undefined,
  };
  operation.responses ??= {};
  for (const [status, spec] of Object.entries(STANDARD_ERRORS)) {
    if (!operation.responses[status] && spec.when(info)) {
      operation.responses[status] = {
        description: spec.description,
        content: { [PROBLEM]: { schema: { $ref: `#/components/schemas/${spec.schema}` } } },
      };
    }
  }
  if (info.isIdempotent) acceptIdempotencyKey(operation);
  for (const [status, response] of Object.entries<Json>(operation.responses)) {
    const extra = [
      ...(status === '429' || status === '503' || (info.isIdempotent && status === '409') ? ['Retry-After'] : []),
      ...(info.isIdempotent && mayBeReplayed(status) ? [IDEMPOTENCY_REPLAYED_HEADER] : []),
    ];
    response.headers = {
      ...headerRefs([...RATE_LIMIT_HEADERS, 'Access-Control-Allow-Origin', ...extra]),
      ...(response.headers ?? {}),
    };
    moveErrorsToProblemJson(status, response);
    const problem = response.content?.[PROBLEM];
    if (problem && Number(status) >= 400) {
      const example = problemExample(status, response.description ?? '', path);
      problem.example = { ...example, ...extensionExamples(problem.schema, schemas, example) };
    }
  }
}

/** The Idempotency-Key parameter and the answers it adds; a 409 the operation documents already gains a line. */
function acceptIdempotencyKey(operation: Json): void {
  operation.parameters = [
    ...(operation.parameters ?? []),
    { $ref: `#/components/parameters/${IDEMPOTENCY_KEY_PARAMETER}` },
  ];
  for (const [status, description] of Object.entries(IDEMPOTENCY_ERRORS)) {
    const existing = operation.responses[status];
    if (existing) {
      existing.description = `${existing.description}; or ${description}`;
      continue;
    }
    operation.responses[status] = {
      description,
      content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
    };
  }
}

/** Answers stored for a key: not those given before the handler acts (400, 401, 403, 429) nor server errors. */
function mayBeReplayed(status: string): boolean {
  return Number(status) < 500 && !['400', '401', '403', '429'].includes(status);
}

const CODES: Record<string, string> = {
  '400': 'VALIDATION_FAILED',
  '401': 'UNAUTHORIZED',
  '403': 'FORBIDDEN',
  '404': 'NOT_FOUND',
  '409': 'CONFLICT',
  '412': 'STALE_VERSION',
  '413': 'PAYLOAD_TOO_LARGE',
  '415': 'UNSUPPORTED_MEDIA_TYPE',
  '422': 'UNPROCESSABLE_CONTENT',
  '429': 'TOO_MANY_REQUESTS',
  '500': 'INTERNAL_ERROR',
  '503': 'DATABASE_UNAVAILABLE',
};

const SAMPLE_ID = '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e';

/** The required members a problem schema adds to problem details, from their own examples. */
function extensionExamples(schema: Json | undefined, schemas: Json, base: Json): Json {
  const name = String(schema?.$ref ?? '')
    .split('/')
    .pop();
  const definition = name ? schemas[name] : undefined;
  const required: string[] = definition?.required ?? [];
  return Object.fromEntries(
    required
      .filter((member) => !(member in base))
      .map((member) => [member, definition.properties?.[member]?.example ?? null]),
  );
}

/**
 * An example answer of its own for each error status: its status, title and code (the code
 * the operation names first in the description, else the status's own), so no example
 * shows a 404 where a 409 is meant.
 */
function problemExample(status: string, description: string, path: string): Json {
  const named = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/.exec(description)?.[1];
  const code = named ?? CODES[status] ?? (Number(status) >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  const detail = description.replace(/^[A-Z0-9_]+(, [A-Z0-9_]+)*(: | \(|$)/, '').replace(/\)$/, '') || description;
  const example: Json = {
    type: `urn:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: HTTP_TITLES[Number(status)] ?? 'Error',
    status: Number(status),
    code,
    detail: detail.charAt(0).toUpperCase() + detail.slice(1),
    instance: path.replace(/\{[^}]+\}/g, SAMPLE_ID),
    requestId: SAMPLE_ID,
  };
  if (status === '400')
    example.errors = [{ field: 'name', code: 'maxLength', message: 'name must be at most 100 characters long' }];
  return example;
}

/**
 * Error bodies are served as application/problem+json, whatever the operation produces when
 * it succeeds (`@ApiProduces('application/pdf')` would document its 404 as a PDF); document them as such.
 */
function moveErrorsToProblemJson(status: string, response: Json): void {
  if (Number(status) < 400 || !response.content || response.content[PROBLEM]) return;
  const declared = response.content['application/json'] ?? Object.values<Json>(response.content)[0];
  if (declared) response.content = { [PROBLEM]: declared };
}
