import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { caseKey, likePrefix, mapPage, Page, page, uuidv7 } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { CustomerGroupMember } from './customer-group-member.entity';
import { StaffActor } from '../permissions/actor';
import { CustomerGroup } from './customer-group.entity';
import { GroupBodyDto, GroupDto, GroupListQueryDto } from './dto/group.dto';
import { groupNameTaken, groupNotFound } from './groups.errors';

/** Names are unique case-insensitively: the trimmed, lower-cased name carries the unique index. */

const toGroupDto = (group: CustomerGroup): GroupDto => ({ id: group.id, name: group.name });

@Injectable()
export class GroupsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
  ) {}

  async list(query: GroupListQueryDto): Promise<Page<GroupDto>> {
    const qb = this.connection.getRepository(CustomerGroup).createQueryBuilder('grp');
    if (query.q?.trim()) qb.where("grp.name_key LIKE :prefix ESCAPE '!'", { prefix: `${likePrefix(query.q)}%` });
    const sortable = { name: 'grp.name_key', createdAt: 'grp.created_at' };
    return mapPage(await page(qb, query, { sortable, tieBreaker: 'grp.id' }), toGroupDto);
  }

  async get(id: string): Promise<GroupDto> {
    const group = await this.connection.getRepository(CustomerGroup).findOneBy({ id });
    if (!group) throw groupNotFound();
    return toGroupDto(group);
  }

  create(dto: GroupBodyDto): Promise<GroupDto> {
    const name = dto.name.trim();
    return this.connection.transaction(async (manager) => {
      await this.assertNameFree(manager, name);
      const now = new Date();
      const group = manager.create(CustomerGroup, {
        id: uuidv7(),
        name,
        nameKey: caseKey(name),
        createdAt: now,
        updatedAt: now,
      });
      await this.write(name, () => manager.insert(CustomerGroup, group));
      return toGroupDto(group);
    });
  }

  update(id: string, dto: GroupBodyDto): Promise<GroupDto> {
    const name = dto.name.trim();
    return this.connection.transaction(async (manager) => {
      const group = await manager.findOneBy(CustomerGroup, { id });
      if (!group) throw groupNotFound();
      if (caseKey(name) !== group.nameKey) await this.assertNameFree(manager, name);
      const changes = { name, nameKey: caseKey(name), updatedAt: new Date() };
      await this.write(name, () => manager.update(CustomerGroup, { id }, changes));
      return toGroupDto(Object.assign(group, changes));
    });
  }

  /** Removes the group and its memberships (customers stay); each lost membership is audited. */
  async remove(actor: StaffActor, id: string): Promise<void> {
    await this.connection.transaction(async (manager) => {
      const group = await manager.findOneBy(CustomerGroup, { id });
      if (!group) throw groupNotFound();
      const members = await manager.find(CustomerGroupMember, { select: { customerId: true }, where: { groupId: id } });
      await manager.delete(CustomerGroupMember, { groupId: id });
      await manager.delete(CustomerGroup, { id });
      await this.audit.record(
        actor,
        members.map(({ customerId }) => ({
          customerId,
          entityType: 'group_membership',
          entityId: id,
          action: 'delete' as const,
          before: { groupId: id, groupName: group.name },
        })),
      );
    });
  }

  private async assertNameFree(manager: EntityManager, name: string): Promise<void> {
    if (await manager.existsBy(CustomerGroup, { nameKey: caseKey(name) })) throw groupNameTaken(name);
  }

  /** The unique index settles what the check above cannot: two requests taking the same name at once. */
  private async write(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw isUniqueViolation(error) ? groupNameTaken(name) : error;
    }
  }
}
