import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SubjectType } from './refresh-token.entity';

/**
 * The sessions of one staff member or contact as a whole. Ending them all advances
 * `generation`, and a session that began in an earlier generation can never be refreshed
 * again. Every rotation and every ending writes this row (`version`), so the two never
 * overlap: on MySQL the second waits for the first to commit, on a multi-primary cluster
 * one of them conflicts and runs again.
 */
@Entity('session_subjects')
export class SessionSubject {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  subjectType: SubjectType;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  subjectId: string;

  @Column({ type: 'integer' })
  generation: number;

  @Column({ type: 'integer' })
  version: number;
}
