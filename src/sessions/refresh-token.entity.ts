import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SubjectType = 'staff' | 'contact';

/**
 * One refresh token of a login session. Tokens of one session form a family: each use
 * rotates to a new token, and using a rotated token again revokes the whole family.
 * Only a SHA-256 of the token is stored.
 */
@Entity('refresh_tokens')
@Index('ix_refresh_tokens_family', ['familyId'])
@Index('ix_refresh_tokens_subject', ['subjectType', 'subjectId'])
export class RefreshToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: SubjectType;

  @Column({ type: 'varchar', length: 36 })
  subjectId: string;

  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  /** The subject's session generation when the session began (see SessionSubject). */
  @Column({ type: 'integer', default: 0 })
  generation: number;

  @Index('uq_refresh_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
