import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { DomainError } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerGroup } from '../groups/customer-group.entity';
import { StaffActor } from '../permissions/actor';
import { unknownReference } from './customers.errors';
import { CustomersService } from './customers.service';
import { BulkCustomersDto, BulkItemResultDto, BulkResultDto } from './dto/bulk.dto';

/**
 * Bulk actions on customers: each item goes through the same service call, rules and
 * audit as alone, in its own transaction, and gets its own result; one refused item never
 * undoes the others.
 */
@Injectable()
export class CustomersBulkService {
  private readonly logger = new Logger(CustomersBulkService.name);

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly customers: CustomersService,
  ) {}

  async run(actor: StaffActor, dto: BulkCustomersDto): Promise<BulkResultDto> {
    const needed = dto.action === 'delete' ? 'customers.delete' : 'customers.edit';
    if (!actor.can(needed)) throw new DomainError(403, 'FORBIDDEN');
    const groupIds = [...new Set(dto.groupIds ?? [])];
    if (
      groupIds.length &&
      (await this.connection.getRepository(CustomerGroup).countBy({ id: In(groupIds) })) !== groupIds.length
    ) {
      throw unknownReference('groupIds');
    }
    const results: BulkItemResultDto[] = [];
    for (const id of dto.customerIds) results.push(await this.one(actor, dto, id, groupIds));
    const succeeded = results.filter((r) => r.status < 300).length;
    return { results, succeeded, failed: results.length - succeeded };
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
      if (dto.action === 'deactivate') {
        await this.customers.update(actor, id, { active: false });
        return { id, status: 200 };
      }
      const current = dto.mode === 'replace' ? [] : (await this.customers.get(actor, id)).groupIds;
      await this.customers.update(actor, id, { groupIds: [...new Set([...current, ...groupIds])] });
      return { id, status: 200 };
    } catch (error) {
      if (error instanceof DomainError) return { id, status: error.status, code: error.code };
      this.logger.error({ err: error, customerId: id }, 'bulk item failed');
      return { id, status: 500, code: 'INTERNAL_ERROR' };
    }
  }
}
