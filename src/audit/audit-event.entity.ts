import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * One recorded change: who did what to which record, field by field. No foreign keys, so
 * the trail outlives the records it describes. Ids are time-ordered, so newest first is
 * `ORDER BY id DESC`.
 */
@Entity('audit_events')
@Index('ix_audit_events_customer', ['customerId', 'id'])
@Index('ix_audit_events_entity', ['entityType', 'entityId'])
export class AuditEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @Column({ type: 'varchar', length: 36 })
  entityId: string;

  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  actorType: 'staff' | 'contact' | 'system';

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  /** The contact an administrator acted for while logged in as that client (the actor is the administrator). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  onBehalfOf: string | null;

  @Column({ type: 'simple-json' })
  changes: FieldChange[];

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
