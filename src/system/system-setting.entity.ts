import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Instance-wide key/value state (the generated JWT secret, settings), shared by every instance. */
@Entity('system_settings')
export class SystemSetting {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
