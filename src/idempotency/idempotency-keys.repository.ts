import { Injectable } from '@nestjs/common';
import { IsNull, LessThanOrEqual, Not } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { IdempotencyAnswerPart } from './idempotency-answer-part.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import type { Claim } from './idempotency-key.entity';

/** Only this claim (the key as this request inserted it), only while unanswered. */
const claimCriteria = (claim: Claim) => ({
  actorId: claim.actorId,
  idempotencyKey: claim.key,
  createdAt: claim.createdAt,
  statusCode: IsNull(),
});

/** The answer fields of a key row, as `storeAnswer` writes them. */
export type AnswerFields = Pick<
  IdempotencyKey,
  'statusCode' | 'responseBody' | 'responseBodyParts' | 'responseHeaders' | 'expiresAt'
>;

/**
 * `idempotency_keys` and `idempotency_answer_parts`. Every write after the claim's INSERT
 * is guarded (only this claim, only while unanswered, only once expired); each answers
 * whether it changed a row. Calls join the current transaction.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Inserts a claim row whole, without the read-back of defaulted columns that the manager's insert does. */
  insertClaim(row: IdempotencyKey): Promise<void> {
    return this.connection.insert(IdempotencyKey, [row]);
  }

  findByKey(actorId: string, key: string): Promise<IdempotencyKey | null> {
    return this.connection.getRepository(IdempotencyKey).findOneBy({ actorId, idempotencyKey: key });
  }

  /** Marks the claim as having committed a change, while it is still this claim and unanswered. */
  async markCommitted(claim: Claim, committedAt: Date, expiresAt: Date): Promise<boolean> {
    const result = await this.connection
      .getRepository(IdempotencyKey)
      .update(claimCriteria(claim), { committedAt, expiresAt });
    return Boolean(result.affected);
  }

  /** Stores the answer (its first part) on the claim's row, while it is still this claim and unanswered. */
  async storeAnswer(claim: Claim, answer: AnswerFields): Promise<boolean> {
    const result = await this.connection.getRepository(IdempotencyKey).update(claimCriteria(claim), answer);
    return Boolean(result.affected);
  }

  /** Inserts answer parts after the first, in one statement. */
  insertAnswerParts(parts: IdempotencyAnswerPart[]): Promise<void> {
    return this.connection.insert(IdempotencyAnswerPart, parts);
  }

  /** The answer's parts after the first, in order. */
  answerParts(actorId: string, key: string): Promise<IdempotencyAnswerPart[]> {
    return this.connection.getRepository(IdempotencyAnswerPart).find({
      where: { actorId, idempotencyKey: key },
      order: { partNumber: 'ASC' },
    });
  }

  /** Deletes the claim while unanswered and without a committed change; whether it did. */
  async deleteUncommitted(claim: Claim): Promise<boolean> {
    const freed = await this.connection
      .getRepository(IdempotencyKey)
      .delete({ ...claimCriteria(claim), committedAt: IsNull() });
    return Boolean(freed.affected);
  }

  /** Marks an unanswered claim whose change committed as having lost its answer. */
  async markAnswerLost(claim: Claim): Promise<void> {
    await this.connection
      .getRepository(IdempotencyKey)
      .update({ ...claimCriteria(claim), committedAt: Not(IsNull()) }, { answerLost: true });
  }

  /** Deletes the key only while it is still expired: a request that replaced it meanwhile keeps its claim. */
  async deleteIfExpired(actorId: string, key: string, now: Date): Promise<void> {
    await this.connection
      .getRepository(IdempotencyKey)
      .delete({ actorId, idempotencyKey: key, expiresAt: LessThanOrEqual(now) });
  }

  /** Deletes up to `limit` expired keys, oldest first, found through the expiry index; how many went. */
  async deleteExpiredBatch(now: Date, limit: number): Promise<number> {
    const keys = this.connection.getRepository(IdempotencyKey);
    const expired = await keys.find({
      select: { actorId: true, idempotencyKey: true },
      where: { expiresAt: LessThanOrEqual(now) },
      order: { expiresAt: 'ASC' },
      take: limit,
    });
    if (expired.length === 0) return 0;
    const result = await keys.delete(
      expired.map(({ actorId, idempotencyKey }) => ({ actorId, idempotencyKey, expiresAt: LessThanOrEqual(now) })),
    );
    return result.affected ?? 0;
  }
}
