import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, of } from 'rxjs';
import { IDEMPOTENCY_REPLAYED_HEADER, IS_PUBLIC, parseIdempotencyKey } from '@app/common';
import { TransactionalConnection } from '@app/database';
import type { Claim } from './idempotency-key.entity';
import { IdempotencyStore, StoredAnswer } from './idempotency.store';
import { requestHash } from './request-hash';

/** The headers of an answer worth repeating; rate limits and request ids belong to each request. */
const REPLAYED_HEADERS = ['content-type', 'content-language', 'location', 'etag'] as const;
const PATH_LENGTH = 500;

type SignedInRequest = FastifyRequest & { user?: { id?: string } };

/** A claimed request while it runs: whether a transaction of it committed, and whether it has answered. */
interface RunningRequest {
  claim: Claim;
  committed: boolean;
  answered: boolean;
}

/**
 * Answers kept for the key. Refused input (400: the request never got to act), server
 * faults and "try again later" free it instead, so the corrected or repeated request runs;
 * but once the request's change committed, every answer it can repeat is kept.
 */
const isFinalStatus = (status: number, committed: boolean) =>
  status < 500 && (committed || ![400, 408, 429].includes(status));

function replayedHeaders(reply: FastifyReply): Record<string, string> {
  const all = reply.getHeaders();
  return Object.fromEntries(
    REPLAYED_HEADERS.filter((name) => all[name] !== undefined).map((name) => [name, String(all[name])]),
  );
}

/** The answer as it leaves, when it can be repeated: a final status and a JSON body (or none), of any size. */
function replayableAnswer(reply: FastifyReply, payload: unknown, committed: boolean): StoredAnswer | undefined {
  if (!isFinalStatus(reply.statusCode, committed)) return undefined;
  const headers = replayedHeaders(reply);
  if (payload === undefined || payload === null || payload === '') {
    return { statusCode: reply.statusCode, body: null, headers };
  }
  const isJson = typeof payload === 'string' && /\bjson\b/i.test(headers['content-type'] ?? '');
  return isJson ? { statusCode: reply.statusCode, body: payload, headers } : undefined;
}

/**
 * `Idempotency-Key` on `POST` (SPEC §3). It runs after authentication, since keys belong
 * to the signed-in actor; public routes ignore the header (`auth/login` sets a user too,
 * but a sign-in must never be replayed). The first request with a key claims it and runs;
 * every transaction the handler begins records, before it commits, that the key's request
 * changed something; `settle`, the `onSend` hook, stores its answer as it leaves (problem
 * details included, as the exception filter rendered them). A retry with the same request
 * gets that answer again, marked `Idempotency-Replayed: true`, without running the
 * handler; if the change committed but the answer never got stored (the process died in
 * between), the retry learns that instead (409 `IDEMPOTENCY_KEY_ANSWER_LOST`) and the
 * handler does not run again either.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private readonly held = new WeakMap<FastifyRequest, RunningRequest>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly connection: TransactionalConnection,
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
    const running: RunningRequest = { claim: outcome.claimed, committed: false, answered: false };
    this.held.set(request, running);
    return this.connection.withCommitStep(
      () => this.recordCommit(running),
      () => next.handle(),
    );
  }

  /** Before each commit of the handler's transactions; not for the store's own, once the answer leaves. */
  private async recordCommit(running: RunningRequest): Promise<void> {
    if (running.answered) return;
    await this.store.recordCommit(running.claim);
    running.committed = true;
  }

  /** Fastify `onSend` hook: stores the answer of a claimed request, or frees its key. */
  readonly settle = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> => {
    const running = this.held.get(request);
    if (!running) return;
    this.held.delete(request);
    running.answered = true;
    const claim = running.claim;
    try {
      const answer = replayableAnswer(reply, payload, running.committed);
      if (!answer) {
        await this.store.release(claim);
      } else if (!(await this.store.complete(claim, answer))) {
        this.logger.warn({ key: claim.key }, 'idempotency key taken over before its request answered');
      }
    } catch (error) {
      this.logger.error(
        { err: error, key: claim.key },
        'idempotency key not settled; it frees itself when its lease ends, unless its request committed a change',
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
