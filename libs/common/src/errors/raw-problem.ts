import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_TITLES } from './http-titles';
import { PROBLEM_JSON } from './problem-details.filter';

/** Problem details for an answer given before the application sees the request. */
function problem(status: number, code: string, detail: string, instance: string, requestId?: string) {
  const body: Record<string, unknown> = {
    type: `urn:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: HTTP_TITLES[status] ?? 'Bad Request',
    status,
    code,
    detail,
    instance,
  };
  if (requestId) body.requestId = requestId;
  if (status === 400) body.errors = [];
  return body;
}

/**
 * Fastify's own refusals of a request it cannot route (a malformed percent-encoding in the
 * path, say) answer problem details like every other error, instead of Fastify's plain JSON.
 */
export function frameworkErrorAsProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const code = error.code === 'FST_ERR_BAD_URL' ? 'MALFORMED_URL' : 'BAD_REQUEST';
  const detail = code === 'MALFORMED_URL' ? 'The request path is not a valid URL.' : 'The request cannot be processed.';
  void reply
    .code(status)
    .type(PROBLEM_JSON)
    .send(problem(status, code, detail, '/', request.id));
}

/**
 * Node's refusals before any request exists (headers or request line over 16 KiB: 431;
 * anything unparsable: 400), written as problem details on the raw socket.
 */
export function clientErrorAsProblem(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    tooLarge
      ? problem(431, 'REQUEST_HEADERS_TOO_LARGE', 'The request line and headers exceed 16 KiB.', '/')
      : problem(400, 'BAD_REQUEST', 'The request cannot be read as HTTP.', '/'),
  );
  socket.end(
    `HTTP/1.1 ${status} ${HTTP_TITLES[status]}\r\nContent-Type: ${PROBLEM_JSON}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
