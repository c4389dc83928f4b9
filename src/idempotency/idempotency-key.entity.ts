import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One `Idempotency-Key` of one actor: claimed (no status yet) while its request runs, then
 * the answer a retry with the same key and request gets back. A claim is identified by its
 * `createdAt`, so a request that outlived its claim cannot settle the claim that replaced it.
 */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  actorId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 10 })
  method: string;

  @Column({ type: 'varchar', length: 500 })
  path: string;

  /** SHA-256 (hex) of the method, the URL and the canonical JSON of the body. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  /** Null while the first request runs. */
  @Column({ type: 'integer', nullable: true })
  statusCode: number | null;

  /** The answer's body, or its first part when `responseBodyParts` continue it. */
  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  /** How many rows of `idempotency_answer_parts` continue `responseBody` (0: it is whole). */
  @Column({ type: 'integer', default: 0 })
  responseBodyParts: number;

  /** JSON object of the replayed headers (content type and language, Location, ETag). */
  @Column({ type: 'text', nullable: true })
  responseHeaders: string | null;

  /**
   * When the request's change committed, written by its own transaction: from then on the
   * key never lets the request run again, answered or not.
   */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  committedAt: Date | null;

  /** The request changed something but ended with an answer that cannot be repeated. */
  @Column({ type: 'boolean', default: false })
  answerLost: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /** The end of the in-progress lease while running, of the replay window once committed or answered. */
  @Index('ix_idempotency_keys_expires')
  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;
}

/** A key this process holds while its request runs. */
export interface Claim {
  actorId: string;
  key: string;
  createdAt: Date;
}
