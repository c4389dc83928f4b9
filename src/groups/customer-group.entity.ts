import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer group; names may hold any character and are unique case-insensitively. */
@Entity('customer_groups')
export class CustomerGroup {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Index('uq_customer_groups_name_key', { unique: true })
  @Column({ type: 'varchar', length: 191 })
  nameKey: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
