import { Injectable, Logger } from '@nestjs/common';
import { IsNull, LessThanOrEqual } from 'typeorm';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { IdempotencyKey } from './idempotency-key.entity';
import { idempotencyKeyInProgress, idempotencyKeyMismatch } from './idempotency.errors';

/** How long a key answers with its first answer. */
const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim may stay unanswered before another request with the key may take it
 * over: a process that died mid-request (or lost the database) must not block the key for
 * the whole replay window. Far longer than a request runs behind a proxy.
 */
const IN_PROGRESS_LEASE_MS = 2 * 60 * 1000;
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

/** A key this process holds while its request runs. */
export interface Claim {
  actorId: string;
  key: string;
  createdAt: Date;
}

export interface StoredAnswer {
  statusCode: number;
  body: string | null;
  headers: Record<string, string>;
}

export type ClaimOutcome = { claimed: Claim } | { replay: StoredAnswer };

const toAnswer = (row: IdempotencyKey): StoredAnswer => ({
  statusCode: row.statusCode!,
  body: row.responseBody,
  headers: JSON.parse(row.responseHeaders ?? '{}') as Record<string, string>,
});

const claimCriteria = (claim: Claim) => ({
  actorId: claim.actorId,
  idempotencyKey: claim.key,
  createdAt: claim.createdAt,
  statusCode: IsNull(),
});

/**
 * Idempotency keys in the database, shared by every instance. A key is claimed by an
 * INSERT that the primary key lets only one request win; every later change is a guarded
 * write (only this claim, only while unanswered, only once expired), never read-then-write.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('Idempotency');
  private nextSweepAt = 0;

  constructor(private readonly connection: TransactionalConnection) {}

  /**
   * Claims the key for this request, or answers what the key already stands for: its
   * first answer (same request), 422 (another request), 409 (the first one still runs).
   */
  async claim(request: KeyedRequest): Promise<ClaimOutcome> {
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      const claimed = await this.insertClaim(request);
      if (claimed) {
        await this.sweepNowAndThen();
        return { claimed };
      }
      const existing = await this.connection
        .getRepository(IdempotencyKey)
        .findOneBy({ actorId: request.actorId, idempotencyKey: request.key });
      if (!existing) continue;
      if (existing.expiresAt.getTime() <= Date.now()) {
        await this.deleteIfExpired(existing);
        continue;
      }
      if (existing.requestHash !== request.hash) throw idempotencyKeyMismatch();
      if (existing.statusCode === null) throw idempotencyKeyInProgress();
      return { replay: toAnswer(existing) };
    }
    throw idempotencyKeyInProgress();
  }

  /** Stores the answer of a claimed request; false when the claim was taken over meanwhile. */
  async complete(claim: Claim, answer: StoredAnswer): Promise<boolean> {
    const result = await this.connection.transaction((manager) =>
      manager.update(IdempotencyKey, claimCriteria(claim), {
        statusCode: answer.statusCode,
        responseBody: answer.body,
        responseHeaders: JSON.stringify(answer.headers),
        expiresAt: new Date(claim.createdAt.getTime() + REPLAY_WINDOW_MS),
      }),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Frees the key of a request that has no answer worth repeating, so a retry runs again. */
  async release(claim: Claim): Promise<void> {
    await this.connection.transaction((manager) => manager.delete(IdempotencyKey, claimCriteria(claim)));
  }

  /** Deletes up to one batch of expired keys, oldest first, found through the expiry index. */
  async sweepExpired(now = new Date()): Promise<number> {
    return this.connection.transaction(async (manager) => {
      const expired = await manager.find(IdempotencyKey, {
        select: { actorId: true, idempotencyKey: true },
        where: { expiresAt: LessThanOrEqual(now) },
        order: { expiresAt: 'ASC' },
        take: SWEEP_BATCH,
      });
      if (expired.length === 0) return 0;
      const result = await manager.delete(
        IdempotencyKey,
        expired.map(({ actorId, idempotencyKey }) => ({ actorId, idempotencyKey, expiresAt: LessThanOrEqual(now) })),
      );
      return result.affected ?? 0;
    });
  }

  private async insertClaim(request: KeyedRequest): Promise<Claim | undefined> {
    const createdAt = new Date();
    try {
      await this.connection.transaction((manager) =>
        manager.insert(IdempotencyKey, {
          actorId: request.actorId,
          idempotencyKey: request.key,
          method: request.method,
          path: request.path,
          requestHash: request.hash,
          statusCode: null,
          responseBody: null,
          responseHeaders: null,
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

  /** Only while still expired: a request that replaced it meanwhile keeps its claim. */
  private async deleteIfExpired(row: IdempotencyKey): Promise<void> {
    await this.connection.transaction((manager) =>
      manager.delete(IdempotencyKey, {
        actorId: row.actorId,
        idempotencyKey: row.idempotencyKey,
        expiresAt: LessThanOrEqual(new Date()),
      }),
    );
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
