import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Customer } from '../customers/customer.entity';
import { CustomerGroup } from './customer-group.entity';

/** A customer's membership of a group. */
@Entity('customer_group_members')
@Index('ix_customer_group_members_group', ['groupId', 'customerId'])
export class CustomerGroupMember {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  customerId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  groupId: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_customer_group_members_customer' })
  customer?: Customer;

  @ManyToOne(() => CustomerGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_customer_group_members_group' })
  group?: CustomerGroup;
}
