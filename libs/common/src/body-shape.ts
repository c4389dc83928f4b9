import { DomainError } from './errors/domain-error';

/** How deep a request body may nest objects and arrays: far beyond any request of the API. */
export const MAX_BODY_DEPTH = 32;

/** The depth of nested objects and arrays, counted without recursion (a hostile body cannot overflow the stack). */
export function nestingDepth(value: unknown, stopAt = Infinity): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > stopAt) return deepest;
    for (const inner of Object.values(current)) pending.push([inner, depth + 1]);
  }
  return deepest;
}

/**
 * A JSON request body is an object, nested at most MAX_BODY_DEPTH levels: `null`, an
 * array or a bare value answers 400 BODY_NOT_OBJECT, anything deeper 400 BODY_TOO_DEEP,
 * before any part of the application walks it.
 */
export function assertBodyShape(body: unknown): void {
  if (body === undefined) return;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new DomainError(400, 'BODY_NOT_OBJECT');
  if (nestingDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw new DomainError(400, 'BODY_TOO_DEEP', { max: MAX_BODY_DEPTH });
  }
}
