import { Injectable } from '@nestjs/common';
import { In, Not, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { CustomerGroupMember } from './customer-group-member.entity';

/** The statements on `customer_group_members`; inside a transaction, they join it. */
@Injectable()
export class GroupMembershipsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get members() {
    return this.connection.getRepository(CustomerGroupMember);
  }

  /** The memberships of these customers (one query), by group id. */
  ofCustomers(customerIds: readonly string[]): Promise<CustomerGroupMember[]> {
    const ids = [...customerIds];
    return this.connection.select(
      CustomerGroupMember,
      `WHERE customer_id IN (${ids.map(() => '?').join(', ')}) ORDER BY group_id ASC`,
      ids,
    );
  }

  /** The customers in a group. */
  async customerIdsOf(groupId: string): Promise<string[]> {
    const rows = await this.members.find({ select: { customerId: true }, where: { groupId } });
    return rows.map((row) => row.customerId);
  }

  /** Inserts memberships in one statement, leaving those that exist as they are. */
  async insertMissing(rows: readonly CustomerGroupMember[]): Promise<void> {
    await this.members
      .createQueryBuilder()
      .insert()
      .values([...rows])
      .orIgnore()
      .execute();
  }

  /** Inserts the memberships of a new customer in one statement. */
  async insertNew(rows: readonly CustomerGroupMember[]): Promise<void> {
    await this.connection.insert(CustomerGroupMember, rows);
  }

  /** Drops the customer's memberships of every group but `keep`. */
  async deleteOfCustomerExcept(customerId: string, keep: readonly string[]): Promise<void> {
    await this.members.delete(keep.length ? { customerId, groupId: Not(In([...keep])) } : { customerId });
  }

  async deleteOfGroup(groupId: string): Promise<void> {
    await this.members.delete({ groupId });
  }

  /** Restricts a query whose `customerIdColumn` holds customer ids to the members of a group. */
  restrictToGroup<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    customerIdColumn: string,
    groupId: string,
  ): SelectQueryBuilder<T> {
    return qb.andWhere(
      `${customerIdColumn} IN (SELECT gm.customer_id FROM customer_group_members gm WHERE gm.group_id = :groupId)`,
      { groupId },
    );
  }
}
