import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Customer } from '../customers/customer.entity';
import type { PortalPermission } from '../permissions/portal-permissions';
import type { EmailNotifications } from './email-notifications';

/** A person of a customer who may sign into the portal. */
@Entity('contacts')
@Index('ix_contacts_customer', ['customerId', 'isPrimary'])
@Index('ix_contacts_customer_first_name', ['customerId', 'firstNameKey'])
@Index('ix_contacts_customer_last_name', ['customerId', 'lastNameKey'])
@Index('ix_contacts_customer_email', ['customerId', 'emailKey'])
@Index('ix_contacts_customer_created', ['customerId', 'createdAt'])
export class Contact {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_contacts_customer' })
  customer?: Customer;

  @Column({ type: 'varchar', length: 100 })
  firstName: string;

  @Column({ type: 'varchar', length: 100 })
  lastName: string;

  /** The first name folded (case and accents removed), for search by prefix and sort. */
  @Column({ type: 'varchar', length: 100, default: '' })
  firstNameKey: string;

  /** The last name folded, like `firstNameKey`. */
  @Column({ type: 'varchar', length: 100, default: '' })
  lastNameKey: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** Lower-cased: contact emails are unique across all contacts, whatever the collation. */
  @Index('uq_contacts_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  emailKey: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'boolean' })
  isPrimary: boolean;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'simple-json' })
  permissions: PortalPermission[];

  @Column({ type: 'simple-json' })
  emailNotifications: EmailNotifications;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastLoginAt: Date | null;

  /** Access tokens issued before this moment are refused (sessions ended: signed out everywhere, password changed, deactivated). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  sessionsValidAfter: Date | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
