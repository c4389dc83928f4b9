import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Customer } from '../customers/customer.entity';
import { Staff } from '../staff/staff.entity';

/** A staff note on a customer: what was said, when the customer was contacted, by whom. */
@Entity('customer_notes')
@Index('ix_customer_notes_customer', ['customerId', 'id'])
export class CustomerNote {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_customer_notes_customer' })
  customer?: Customer;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  contactedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  authorId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_customer_notes_author' })
  author?: Staff;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
