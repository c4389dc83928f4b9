import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, of } from 'rxjs';
import { IDEMPOTENCY_REPLAYED_HEADER, IS_PUBLIC, parseIdempotencyKey } from '@app/common';
import { Claim, IdempotencyStore, StoredAnswer } from './idempotency.store';
import { requestHash } from './request-hash';

/** The headers of an answer worth repeating; rate limits and request ids belong to each request. */
const REPLAYED_HEADERS = ['content-type', 'content-language', 'location', 'etag'] as const;
/** MySQL's TEXT holds 65,535 bytes; a larger answer is not stored. */
const MAX_STORED_BODY_BYTES = 65_535;
const PATH_LENGTH = 500;

type SignedInRequest = FastifyRequest & { user?: { id?: string } };

/**
 * Answers kept for the key. Refused input (400: the request never got to act), server
 * faults and "try again later" free it instead, so the corrected or repeated request runs.
 */
const isFinalStatus = (status: number) => status < 500 && ![400, 408, 429].includes(status);

function replayedHeaders(reply: FastifyReply): Record<string, string> {
  const all = reply.getHeaders();
  return Object.fromEntries(
    REPLAYED_HEADERS.filter((name) => all[name] !== undefined).map((name) => [name, String(all[name])]),
  );
}

/** The answer as it leaves, when it can be repeated: a final status and a JSON body (or none). */
function replayableAnswer(reply: FastifyReply, payload: unknown): StoredAnswer | undefined {
  if (!isFinalStatus(reply.statusCode)) return undefined;
  const headers = replayedHeaders(reply);
  if (payload === undefined || payload === null || payload === '') {
    return { statusCode: reply.statusCode, body: null, headers };
  }
  const isJson = typeof payload === 'string' && /\bjson\b/i.test(headers['content-type'] ?? '');
  if (!isJson || Buffer.byteLength(payload) > MAX_STORED_BODY_BYTES) return undefined;
  return { statusCode: reply.statusCode, body: payload, headers };
}

/**
 * `Idempotency-Key` on `POST` (SPEC §3). It runs after authentication, since keys belong
 * to the signed-in actor; public routes ignore the header (`auth/login` sets a user too,
 * but a sign-in must never be replayed). The first request with a key claims it and runs;
 * `settle`, the `onSend` hook, stores its answer as it leaves (problem details included,
 * as the exception filter rendered them). A retry with the same request gets that answer
 * again, marked `Idempotency-Replayed: true`, without running the handler.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private readonly held = new WeakMap<FastifyRequest, Claim>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http' || this.isPublic(context)) return next.handle();
    const request = context.switchToHttp().getRequest<SignedInRequest>();
    const actorId = request.user?.id;
    if (request.method !== 'POST' || !actorId) return next.handle();
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    if (key === undefined) return next.handle();
    const outcome = await this.store.claim({
      actorId,
      key,
      method: request.method,
      path: request.url.split('?')[0].slice(0, PATH_LENGTH),
      hash: requestHash(request.method, request.url, request.body),
    });
    if ('replay' in outcome) return of(this.replay(context.switchToHttp().getResponse<FastifyReply>(), outcome.replay));
    this.held.set(request, outcome.claimed);
    return next.handle();
  }

  /** Fastify `onSend` hook: stores the answer of a claimed request, or frees its key. */
  readonly settle = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> => {
    const claim = this.held.get(request);
    if (!claim) return;
    this.held.delete(request);
    try {
      const answer = replayableAnswer(reply, payload);
      if (!answer) {
        await this.store.release(claim);
      } else if (!(await this.store.complete(claim, answer))) {
        this.logger.warn({ key: claim.key }, 'idempotency key taken over before its request answered');
      }
    } catch (error) {
      this.logger.error(
        { err: error, key: claim.key },
        'idempotency key not settled; it frees itself when its lease ends',
      );
    }
  };

  private isPublic(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }

  private replay(reply: FastifyReply, answer: StoredAnswer): string | undefined {
    reply.code(answer.statusCode).headers({ ...answer.headers, [IDEMPOTENCY_REPLAYED_HEADER.toLowerCase()]: 'true' });
    return answer.body ?? undefined;
  }
}
