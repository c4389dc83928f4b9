import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { splitUtf8 } from './answer-parts';
import { type Claim, IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { idempotencyAnswerLost, idempotencyKeyInProgress, idempotencyKeyMismatch } from './idempotency.errors';

/** How long a key answers with its first answer. */
const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim may stay unanswered before another request with the key may take it
 * over: a process that died mid-request (or lost the database) must not block the key for
 * the whole replay window. Far longer than a request runs behind a proxy. A request whose
 * change committed is never taken over: once this long has passed since its commit without
 * an answer stored, its answer counts as lost.
 */
const IN_PROGRESS_LEASE_MS = 2 * 60 * 1000;
/**
 * MySQL's TEXT holds 65,535 bytes: an answer is stored in parts of at most this many bytes,
 * the first on the key's row, the others in `idempotency_answer_parts`. Answers have no
 * limit of their own: one may be larger than the body limit let its request be (an invoice
 * echoes every line with its amounts).
 */
const ANSWER_PART_BYTES = 60_000;
/**
 * Parts written by one INSERT: under 1 MB a statement, far below the servers' packet limit
 * (16 MiB by default on MariaDB), however large the answer.
 */
const PARTS_PER_INSERT = 16;
/** A claim lost to a row that vanished or expired meanwhile is tried again, a few times. */
const CLAIM_ATTEMPTS = 3;
const SWEEP_BATCH = 100;
const SWEEP_INTERVAL_MS = 60 * 1000;

export interface KeyedRequest {
  actorId: string;
  key: string;
  method: string;
  path: string;
  hash: string;
}

export interface StoredAnswer {
  statusCode: number;
  body: string | null;
  headers: Record<string, string>;
}

export type ClaimOutcome = { claimed: Claim } | { replay: StoredAnswer };

/**
 * What an unanswered key says: its request still runs, or it committed its change and the
 * answer never came (the process died, or the answer could not be repeated).
 */
function unanswered(row: IdempotencyKey): DomainError {
  const committedAt = row.committedAt;
  if (committedAt && (row.answerLost || committedAt.getTime() + IN_PROGRESS_LEASE_MS <= Date.now())) {
    return idempotencyAnswerLost(committedAt);
  }
  return idempotencyKeyInProgress();
}

/**
 * Idempotency keys in the database, shared by every instance. A key is claimed by an
 * INSERT that the primary key lets only one request win; every later change is a guarded
 * write (only this claim, only while unanswered, only once expired), never read-then-write.
 * Each transaction of the claimed request marks the key as committed before it commits
 * (`recordCommit`), so a request whose change is in the database never runs again, even
 * when its process dies before the answer is stored.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('Idempotency');
  private nextSweepAt = 0;

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly keys: IdempotencyKeysRepository,
  ) {}

  /**
   * Claims the key for this request, or answers what the key already stands for: its
   * first answer (same request), 422 (another request), 409 (the first one still runs, or
   * it committed its change and its answer was lost).
   */
  async claim(request: KeyedRequest): Promise<ClaimOutcome> {
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      const claimed = await this.insertClaim(request);
      if (claimed) {
        await this.sweepNowAndThen();
        return { claimed };
      }
      const existing = await this.keys.findByKey(request.actorId, request.key);
      if (!existing) continue;
      if (existing.expiresAt.getTime() <= Date.now()) {
        await this.deleteIfExpired(existing);
        continue;
      }
      if (existing.requestHash !== request.hash) throw idempotencyKeyMismatch();
      if (existing.statusCode === null) throw unanswered(existing);
      const answer = await this.answerOf(existing);
      if (answer) return { replay: answer };
    }
    throw idempotencyKeyInProgress();
  }

  /**
   * Run by each transaction of the claimed request just before it commits: the key then
   * stands for a change made, in the same commit as the change. A claim taken over meanwhile
   * (its lease ended) refuses the commit, so two requests with one key never both change.
   */
  async recordCommit(claim: Claim): Promise<void> {
    const marked = await this.keys.markCommitted(
      claim,
      new Date(),
      new Date(claim.createdAt.getTime() + REPLAY_WINDOW_MS),
    );
    if (!marked) throw idempotencyKeyInProgress();
  }

  /**
   * Stores the answer of a claimed request, whatever its size (in parts after the first);
   * false when the claim was taken over meanwhile.
   */
  async complete(claim: Claim, answer: StoredAnswer): Promise<boolean> {
    const parts = answer.body === null ? [] : splitUtf8(answer.body, ANSWER_PART_BYTES);
    const first = parts[0] ?? null;
    const more = parts.slice(1);
    return this.connection.transaction(async () => {
      const stored = await this.keys.storeAnswer(claim, {
        statusCode: answer.statusCode,
        responseBody: first,
        responseBodyParts: more.length,
        responseHeaders: JSON.stringify(answer.headers),
        expiresAt: new Date(claim.createdAt.getTime() + REPLAY_WINDOW_MS),
      });
      if (!stored) return false;
      for (let from = 0; from < more.length; from += PARTS_PER_INSERT) {
        await this.keys.insertAnswerParts(
          more.slice(from, from + PARTS_PER_INSERT).map((body, i) => ({
            actorId: claim.actorId,
            idempotencyKey: claim.key,
            partNumber: from + i + 1,
            body,
          })),
        );
      }
      return true;
    });
  }

  /**
   * For a request that ended without an answer worth repeating: frees its key, so that a
   * retry runs again, unless its change committed; then the key keeps saying so, its answer
   * lost, for the replay window.
   */
  async release(claim: Claim): Promise<void> {
    await this.connection.transaction(async () => {
      if (await this.keys.deleteUncommitted(claim)) return;
      await this.keys.markAnswerLost(claim);
    });
  }

  /** Deletes up to one batch of expired keys, oldest first, found through the expiry index. */
  async sweepExpired(now = new Date()): Promise<number> {
    return this.connection.transaction(() => this.keys.deleteExpiredBatch(now, SWEEP_BATCH));
  }

  private async insertClaim(request: KeyedRequest): Promise<Claim | undefined> {
    const createdAt = new Date();
    try {
      await this.connection.transaction(() =>
        this.keys.insertClaim({
          actorId: request.actorId,
          idempotencyKey: request.key,
          method: request.method,
          path: request.path,
          requestHash: request.hash,
          statusCode: null,
          responseBody: null,
          responseBodyParts: 0,
          responseHeaders: null,
          committedAt: null,
          answerLost: false,
          createdAt,
          expiresAt: new Date(createdAt.getTime() + IN_PROGRESS_LEASE_MS),
        }),
      );
      return { actorId: request.actorId, key: request.key, createdAt };
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** The stored answer with its body whole; undefined when its parts went with an expiry meanwhile. */
  private async answerOf(row: IdempotencyKey): Promise<StoredAnswer | undefined> {
    let body = row.responseBody;
    if (row.responseBodyParts > 0) {
      const parts = await this.keys.answerParts(row.actorId, row.idempotencyKey);
      if (parts.length !== row.responseBodyParts) return undefined;
      body = [row.responseBody ?? '', ...parts.map((part) => part.body)].join('');
    }
    return {
      statusCode: row.statusCode!,
      body,
      headers: JSON.parse(row.responseHeaders ?? '{}') as Record<string, string>,
    };
  }

  /** Only while still expired: a request that replaced it meanwhile keeps its claim. */
  private async deleteIfExpired(row: IdempotencyKey): Promise<void> {
    await this.connection.transaction(() => this.keys.deleteIfExpired(row.actorId, row.idempotencyKey, new Date()));
  }

  /** Expired keys go a batch at a time, at most once a minute per instance: no table scans. */
  private async sweepNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    try {
      await this.sweepExpired(new Date(now));
    } catch (error) {
      this.logger.warn({ err: error }, 'expired idempotency keys not swept');
    }
  }
}
