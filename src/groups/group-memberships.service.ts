import { Injectable } from '@nestjs/common';
import { unknownReference } from '@app/common';
import { isMissingReference } from '@app/database';
import { GroupMembershipsRepository } from './group-memberships.repository';
import { GroupsRepository } from './groups.repository';

/**
 * Which customers belong to which groups: the one owner of `customer_group_members`.
 * Writes are single statements that never read first, so concurrent changes lose nothing;
 * calls inside a transaction join it.
 */
@Injectable()
export class GroupMembershipsService {
  constructor(
    private readonly memberships: GroupMembershipsRepository,
    private readonly groups: GroupsRepository,
  ) {}

  /** 400 `unknownReference` on `field` unless every one of these groups exists. */
  async assertExist(groupIds: readonly string[], field = 'groupIds'): Promise<void> {
    const ids = [...new Set(groupIds)];
    if (ids.length === 0) return;
    if ((await this.groups.countExisting(ids)) !== ids.length) {
      throw unknownReference(field);
    }
  }

  /** The group ids of each customer (one query), sorted. */
  async membershipsOf(customerIds: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (customerIds.length === 0) return map;
    const rows = await this.memberships.ofCustomers(customerIds);
    for (const row of rows) map.set(row.customerId, [...(map.get(row.customerId) ?? []), row.groupId]);
    return map;
  }

  /** Puts every customer in every group (one insert; memberships that exist stay as they are). */
  async addMemberships(customerIds: readonly string[], groupIds: readonly string[]): Promise<void> {
    const rows = [...new Set(customerIds)].flatMap((customerId) =>
      [...new Set(groupIds)].map((groupId) => ({ customerId, groupId })),
    );
    if (rows.length === 0) return;
    await this.memberships.insertMissing(rows);
  }

  /**
   * The groups of a customer created in this transaction: one insert, whose foreign key
   * answers 400 `unknownReference` on `groupIds` for a group that does not exist.
   */
  async addToNewCustomer(customerId: string, groupIds: readonly string[]): Promise<void> {
    const unique = [...new Set(groupIds)];
    if (unique.length === 0) return;
    try {
      await this.memberships.insertNew(unique.map((groupId) => ({ customerId, groupId })));
    } catch (error) {
      throw isMissingReference(error) ? unknownReference('groupIds') : error;
    }
  }

  /** Makes `groupIds` the customer's groups: drops the others, adds the missing ones. */
  async setMemberships(customerId: string, groupIds: readonly string[]): Promise<void> {
    const keep = [...new Set(groupIds)];
    await this.memberships.deleteOfCustomerExcept(customerId, keep);
    await this.addMemberships([customerId], keep);
  }
}
