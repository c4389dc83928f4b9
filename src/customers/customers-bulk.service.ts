import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@app/common';
import { GroupMembershipsService } from '../groups/group-memberships.service';
import { StaffActor } from '../permissions/actor';
import { customerNotFound } from './customers.errors';
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
    private readonly customers: CustomersService,
    private readonly groups: GroupMembershipsService,
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
    const done = new Set(await this.customers.addGroups(actor, ids, groupIds));
    const missing = customerNotFound();
    return ids.map((id) => (done.has(id) ? { id, status: 200 } : { id, status: missing.status, code: missing.code }));
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
