import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { GroupMembershipsService } from '../groups/group-memberships.service';
import { StaffActor } from '../permissions/actor';
import { CustomerAccess } from '../access/customer-access.service';
import { customerNotFound } from './customers.errors';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { BulkCustomersDto, BulkItemResultDto, BulkResultDto } from './dto/bulk.dto';

/**
 * Bulk actions on customers, each item under the same rules and audit as alone, with its
 * own result. Adding groups is one insert for all of them (nothing read first, so nothing
 * lost to a concurrent change); the other actions run each item in its own transaction,
 * so one refused item never undoes the others.
 */
@Injectable()
export class CustomersBulkService {
  private readonly logger = new Logger(CustomersBulkService.name);

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly customers: CustomersService,
    private readonly customerRows: CustomersRepository,
    private readonly access: CustomerAccess,
    private readonly groups: GroupMembershipsService,
    private readonly audit: AuditService,
  ) {}

  async run(actor: StaffActor, dto: BulkCustomersDto): Promise<BulkResultDto> {
    const needed = dto.action === 'delete' ? 'customers.delete' : 'customers.edit';
    if (!actor.can(needed)) throw new DomainError(403, 'FORBIDDEN');
    const groupIds = [...new Set(dto.groupIds ?? [])];
    const adding = dto.action === 'assignGroups' && dto.mode !== 'replace';
    // Unknown groups refuse the whole request, not each customer (adding checks them itself).
    if (!adding) await this.groups.assertExist(groupIds);
    const results = adding
      ? await this.addGroups(actor, dto.customerIds, groupIds)
      : await this.eachAlone(actor, dto, groupIds);
    const succeeded = results.filter((r) => r.status < 300).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  private async addGroups(actor: StaffActor, ids: string[], groupIds: string[]): Promise<BulkItemResultDto[]> {
    const done = new Set(await this.addGroupsTo(actor, ids, groupIds));
    const missing = customerNotFound();
    return ids.map((id) => (done.has(id) ? { id, status: 200 } : { id, status: missing.status, code: missing.code }));
  }

  /**
   * Adds groups to many customers in one transaction: one insert that keeps the memberships
   * already there, so concurrent additions (or a replace racing one) never drop a group.
   * The customers' rows are taken first (a write, not a read: concurrent changes of them
   * queue behind it, or lose with a conflict that is retried on a cluster), so the groups
   * read next are the committed ones, and of concurrent additions of one group only the first
   * records the change and moves the version. Answers the ids the actor may see, changed or
   * already in every group; the others are left out.
   */
  private async addGroupsTo(
    actor: StaffActor,
    customerIds: readonly string[],
    groupIds: readonly string[],
  ): Promise<string[]> {
    // Insert-or-ignore would also let a missing group pass silently: they are checked first.
    await this.groups.assertExist(groupIds);
    return this.connection.transaction(async () => {
      const visible = await this.access.visibleAmong(actor, customerIds);
      if (visible.length === 0) return [];
      await this.customerRows.touch(visible);
      const before = await this.groups.membershipsOf(visible);
      await this.groups.addMemberships(visible, groupIds);
      const changed = visible.filter((id) => groupIds.some((g) => !(before.get(id) ?? []).includes(g)));
      if (changed.length) {
        await this.customerRows.moveVersion(changed);
        const after = (id: string) => [...new Set([...(before.get(id) ?? []), ...groupIds])].sort();
        await this.audit.record(
          actor,
          changed.map((id) => ({
            customerId: id,
            entityType: 'customer',
            entityId: id,
            action: 'update' as const,
            before: { groupIds: before.get(id) ?? [] },
            after: { groupIds: after(id) },
          })),
        );
      }
      return visible;
    });
  }

  private async eachAlone(actor: StaffActor, dto: BulkCustomersDto, groupIds: string[]): Promise<BulkItemResultDto[]> {
    const results: BulkItemResultDto[] = [];
    for (const id of dto.customerIds) results.push(await this.one(actor, dto, id, groupIds));
    return results;
  }

  private async one(
    actor: StaffActor,
    dto: BulkCustomersDto,
    id: string,
    groupIds: string[],
  ): Promise<BulkItemResultDto> {
    try {
      if (dto.action === 'delete') {
        await this.customers.remove(actor, id);
        return { id, status: 204 };
      }
      await this.customers.update(actor, id, dto.action === 'deactivate' ? { active: false } : { groupIds });
      return { id, status: 200 };
    } catch (error) {
      if (error instanceof DomainError) return { id, status: error.status, code: error.code };
      this.logger.error({ err: error, customerId: id }, 'bulk item failed');
      return { id, status: 500, code: 'INTERNAL_ERROR' };
    }
  }
}
