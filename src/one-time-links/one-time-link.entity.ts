import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Contact } from '../contacts/contact.entity';

export const LINK_PURPOSES = ['set_password', 'reset_password'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/**
 * A one-time link sent by email to a contact: only the SHA-256 digest of its token is kept,
 * so a copy of the database opens no account. Used once, then never again; dead after
 * `expiresAt`, and whenever its contact no longer has the address it was sent to.
 */
@Entity('one_time_links')
@Index('ix_one_time_links_contact', ['contactId', 'usedAt'])
export class OneTimeLink {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  purpose: LinkPurpose;

  @Column({ type: 'varchar', length: 36 })
  contactId: string;

  /** Deleted with its contact. */
  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_one_time_links_contact' })
  contact?: Contact;

  @Index('ux_one_time_links_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** The address it was sent to, as the contact's email key then ('' for links issued before addresses were kept). */
  @Column({ type: 'varchar', length: 254, default: '' })
  emailKey: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
