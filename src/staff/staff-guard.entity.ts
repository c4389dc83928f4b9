import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row that transactions of one kind write first, so that they run one after another
 * (a row lock on one server; a write conflict retried on a multi-primary cluster).
 * `administrators`: every change that may remove an active administrator.
 */
@Entity('staff_guards')
export class StaffGuard {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'integer' })
  version: number;
}
