import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Capability } from '../permissions/capabilities';

/** A named preset of capabilities; assigning it to a staff member copies them. */
@Entity('roles')
export class Role {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('uq_roles_name_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  nameKey: string;

  @Column({ type: 'simple-json' })
  permissions: Capability[];

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
