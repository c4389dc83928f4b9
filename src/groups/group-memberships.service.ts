import { Injectable } from '@nestjs/common';
import { In, Not, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { unknownReference } from '@app/common';
import { TransactionalConnection, isMissingReference } from '@app/database';
import { CustomerGroupMember } from './customer-group-member.entity';
import { CustomerGroup } from './customer-group.entity';

/**
 * Which customers belong to which groups: the one owner of `customer_group_members`.
 * Writes are single statements that never read first, so concurrent changes lose nothing;
 * calls inside a transaction join it.
 */
@Injectable()
export class GroupMembershipsService {
  constructor(private readonly connection: TransactionalConnection) {}

  private get members() {
    return this.connection.getRepository(CustomerGroupMember);
  }

  /** 400 `unknownReference` on `field` unless every one of these groups exists. */
  async assertExist(groupIds: readonly string[], field = 'groupIds'): Promise<void> {
    const ids = [...new Set(groupIds)];
    if (ids.length === 0) return;
    if ((await this.connection.getRepository(CustomerGroup).countBy({ id: In(ids) })) !== ids.length) {
      throw unknownReference(field);
    }
  }

  /** The group ids of each customer (one query), sorted. */
  async membershipsOf(customerIds: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (customerIds.length === 0) return map;
    const ids = [...customerIds];
    const rows = await this.connection.select(
      CustomerGroupMember,
      `WHERE customer_id IN (${ids.map(() => '?').join(', ')}) ORDER BY group_id ASC`,
      ids,
    );
    for (const row of rows) map.set(row.customerId, [...(map.get(row.customerId) ?? []), row.groupId]);
    return map;
  }

  /** Puts every customer in every group (one insert; memberships that exist stay as they are). */
  async addMemberships(customerIds: readonly string[], groupIds: readonly string[]): Promise<void> {
    const rows = [...new Set(customerIds)].flatMap((customerId) =>
      [...new Set(groupIds)].map((groupId) => ({ customerId, groupId })),
    );
    if (rows.length === 0) return;
    await this.members.createQueryBuilder().insert().values(rows).orIgnore().execute();
  }

  /**
   * The groups of a customer created in this transaction: one insert, whose foreign key
   * answers 400 `unknownReference` on `groupIds` for a group that does not exist.
   */
  async addToNewCustomer(customerId: string, groupIds: readonly string[]): Promise<void> {
    const unique = [...new Set(groupIds)];
    if (unique.length === 0) return;
    try {
      await this.connection.insert(
        CustomerGroupMember,
        unique.map((groupId) => ({ customerId, groupId })),
      );
    } catch (error) {
      throw isMissingReference(error) ? unknownReference('groupIds') : error;
    }
  }

  /** Makes `groupIds` the customer's groups: drops the others, adds the missing ones. */
  async setMemberships(customerId: string, groupIds: readonly string[]): Promise<void> {
    const keep = [...new Set(groupIds)];
    await this.members.delete(keep.length ? { customerId, groupId: Not(In(keep)) } : { customerId });
    await this.addMemberships([customerId], keep);
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
