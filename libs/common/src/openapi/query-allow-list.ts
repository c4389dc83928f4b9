import type { OpenAPIObject } from '@nestjs/swagger';
import { ValidationFailedError } from '../errors/domain-error';

type QueryAllowList = Map<string, Set<string>>;

/** `GET /api/v1/customers/{id}` for the route `/api/v1/customers/:id`. */
const operationKey = (method: string, routeUrl: string) =>
  `${method.toUpperCase()} ${routeUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;

/** The query parameters each operation of the document declares. */
export function queryAllowList(document: OpenAPIObject): QueryAllowList {
  const allowed: QueryAllowList = new Map();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, { parameters?: unknown[] }>)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const names = (operation.parameters ?? [])
        .filter((p): p is { in: string; name: string } => (p as { in?: string }).in === 'query')
        .map((p) => p.name);
      allowed.set(operationKey(method, path.replace(/\{([^}]+)\}/g, ':$1')), new Set(names));
    }
  }
  return allowed;
}

/**
 * Refuses query parameters the operation's document does not declare (400 naming each),
 * so a route answers exactly what its document says, also where it reads no query at all.
 */
export function assertDeclaredQuery(
  allowed: QueryAllowList,
  method: string,
  routeUrl: string | undefined,
  query: unknown,
): void {
  const names = allowed.get(operationKey(method, routeUrl ?? ''));
  if (!names || !query || typeof query !== 'object') return;
  const unknown = Object.keys(query).filter((name) => !names.has(name));
  if (unknown.length === 0) return;
  throw new ValidationFailedError(
    unknown.map((field) => ({ field, code: 'unknownProperty', args: { property: field } })),
  );
}
