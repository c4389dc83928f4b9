import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AttachmentRef } from '../document-attachments/attachment';
import type { LinkPurpose } from '../one-time-links/one-time-link.entity';

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** The longest last error kept (the column's length). */
export const LAST_ERROR_LENGTH = 1000;

/**
 * One email of the transactional outbox: written in the transaction of the change that causes
 * it, rendered and sent later by the outbox worker, which claims it with a lease.
 */
@Entity('email_outbox')
@Index('ix_email_outbox_due', ['status', 'nextAttemptAt'])
@Index('ix_email_outbox_customer', ['customerId', 'id'])
@Index('ix_email_outbox_contact', ['contactId', 'status'])
@Index('ix_email_outbox_recipient', ['toEmail', 'id'])
@Index('ix_email_outbox_status', ['status', 'id'])
export class OutboxEmail {
  /** UUIDv7: time-ordered, so the newest first is the id descending. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  template: string;

  /** The recipient's language; null until sent means the system default at sending time. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  @Column({ type: 'varchar', length: 254 })
  toEmail: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  toName: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  contactId: string | null;

  /** The values the template is rendered with. */
  @Column({ type: 'simple-json' })
  context: Record<string, string | null>;

  /** The one-time link it carries, issued when it is sent (its token is kept nowhere else). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  link: LinkPurpose | null;

  /** The file it carries (a document's PDF), rendered when it is sent. */
  @Column({ type: 'simple-json', nullable: true })
  attachment: AttachmentRef | null;

  @Column({ type: 'varchar', length: 16 })
  status: EmailStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  @Column({ type: 'varchar', length: 100, nullable: true })
  claimedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'varchar', length: LAST_ERROR_LENGTH, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;
}

/** Why queued emails were cancelled (kept as their last error). */
export type CancelReason =
  | 'customer deleted'
  | 'contact deleted'
  | 'contact email changed'
  | 'contact inactive'
  | 'customer inactive'
  | 'no active contact with this address'
  | 'contact not permitted'
  | 'document deleted';
