import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Staff } from '../staff/staff.entity';
import { Customer } from './customer.entity';

/** A staff member assigned to a customer as one of its customer admins. */
@Entity('customer_admins')
@Index('ix_customer_admins_staff', ['staffId', 'customerId'])
export class CustomerAdmin {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  customerId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  staffId: string;

  @Column({ type: 'datetime', precision: 3 })
  assignedAt: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  assignedBy: string | null;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_customer_admins_customer' })
  customer?: Customer;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'fk_customer_admins_staff' })
  staff?: Staff;
}

/** One normalised word of a customer's searchable text (company, VAT, phone, contacts). */
@Entity('customer_search_terms')
@Index('ix_customer_search_terms_term', ['term', 'customerId'])
export class CustomerSearchTerm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  customerId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  term: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_customer_search_terms_customer' })
  customer?: Customer;
}
