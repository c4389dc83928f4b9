import type { OpenAPIObject } from '@nestjs/swagger';
import { DomainError, ValidationFailedError } from '../errors/domain-error';

interface DeclaredRequest {
  /** The query parameters the operation documents. */
  query: Set<string>;
  /** The document says the operation needs a request body. */
  bodyRequired: boolean;
}

type DeclaredRequests = Map<string, DeclaredRequest>;

/** `GET /api/v1/customers/:id`, the key of a route and of its operation. */
const operationKey = (method: string, routeUrl: string) => `${method.toUpperCase()} ${routeUrl}`;

/** What each operation of the document accepts, by its route (`{id}` written `:id`). */
export function declaredRequests(document: OpenAPIObject): DeclaredRequests {
  const declared: DeclaredRequests = new Map();
  for (const [path, item] of Object.entries(document.paths)) {
    const route = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(
      item as Record<string, { parameters?: unknown[]; requestBody?: { required?: boolean } }>,
    )) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const query = (operation.parameters ?? [])
        .filter((p): p is { in: string; name: string } => (p as { in?: string }).in === 'query')
        .map((p) => p.name);
      declared.set(operationKey(method, route), {
        query: new Set(query),
        bodyRequired: operation.requestBody?.required === true,
      });
    }
  }
  return declared;
}

/**
 * A request answers what its operation's document says: query parameters it does not
 * declare are a 400 naming each, and an operation that needs a body refuses none (400
 * BODY_REQUIRED), also where the route reads no query or every member is optional.
 */
export function assertDeclaredRequest(
  declared: DeclaredRequests,
  request: { method: string; routeUrl?: string; query: unknown; body: unknown },
): void {
  const operation = declared.get(operationKey(request.method, request.routeUrl ?? ''));
  if (!operation) return;
  const query = request.query && typeof request.query === 'object' ? Object.keys(request.query) : [];
  const unknown = query.filter((name) => !operation.query.has(name));
  if (unknown.length > 0) {
    throw new ValidationFailedError(
      unknown.map((field) => ({ field, code: 'unknownProperty', args: { property: field } })),
    );
  }
  if (operation.bodyRequired && request.body === undefined) throw new DomainError(400, 'BODY_REQUIRED');
}
