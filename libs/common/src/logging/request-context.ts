import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
}

/** Carries the request id to every log line written while a request is handled. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * Fastify `onRequest` hook: the rest of the request (hooks, guards, pipes, the handler and
 * the error filter) runs with its id in `requestContext`. A hook rather than a Nest
 * interceptor, so that no request pays for an extra observable around its handler.
 */
export function enterRequestContext(request: { id: string }, _reply: unknown, done: () => void): void {
  requestContext.run({ requestId: String(request.id) }, done);
}
