import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A fixed-window counter shared by every instance (request rate limits, failed logins). */
@Entity('throttle_buckets')
export class ThrottleBucket {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  blockedUntil: Date | null;
}
