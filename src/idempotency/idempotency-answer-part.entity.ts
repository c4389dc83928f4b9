import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity';

/**
 * A part of an answer too large for one text column, in order after the key's own
 * `responseBody`; it goes with its key.
 */
@Entity('idempotency_answer_parts')
export class IdempotencyAnswerPart {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  actorId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  idempotencyKey: string;

  /** 1 for the part after `responseBody`, and so on. */
  @PrimaryColumn({ type: 'integer' })
  partNumber: number;

  @Column({ type: 'text' })
  body: string;

  @ManyToOne(() => IdempotencyKey, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'actor_id', referencedColumnName: 'actorId', foreignKeyConstraintName: 'fk_idempotency_answer_parts_key' },
    { name: 'idempotency_key', referencedColumnName: 'idempotencyKey' },
  ])
  key?: IdempotencyKey;
}
