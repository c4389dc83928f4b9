import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Capability } from '../permissions/capabilities';
import { Role } from './role.entity';

@Entity('staff')
export class Staff {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** The email lower-cased: unique, whatever the engine's collation. */
  @Index('uq_staff_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  emailKey: string;

  @Column({ type: 'varchar', length: 100 })
  firstName: string;

  @Column({ type: 'varchar', length: 100 })
  lastName: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean' })
  isAdmin: boolean;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'varchar', length: 5, nullable: true })
  language: string | null;

  @Column({ type: 'simple-json' })
  permissions: Capability[];

  @Column({ type: 'varchar', length: 36, nullable: true })
  roleId: string | null;

  @ManyToOne(() => Role, { onDelete: 'SET NULL', nullable: true, createForeignKeyConstraints: true })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'fk_staff_role' })
  role?: Role | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastLoginAt: Date | null;

  /** Access tokens issued before this moment are refused (sessions ended: signed out everywhere, password changed, deactivated). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  sessionsValidAfter: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
