import { Injectable } from '@nestjs/common';
import { caseKey, mapPage, Page, uuidv7 } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../permissions/actor';
import { CustomerGroup } from './customer-group.entity';
import { GroupMembershipsRepository } from './group-memberships.repository';
import { GroupsRepository } from './groups.repository';
import { GroupBodyDto, GroupDto, GroupListQueryDto } from './dto/group.dto';
import { groupNameTaken, groupNotFound } from './groups.errors';

/** Names are unique case-insensitively: the trimmed, lower-cased name carries the unique index. */

const toGroupDto = (group: CustomerGroup): GroupDto => ({ id: group.id, name: group.name });

@Injectable()
export class GroupsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly groups: GroupsRepository,
    private readonly memberships: GroupMembershipsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: GroupListQueryDto): Promise<Page<GroupDto>> {
    return mapPage(await this.groups.listPage(query), toGroupDto);
  }

  async get(id: string): Promise<GroupDto> {
    const group = await this.groups.findById(id);
    if (!group) throw groupNotFound();
    return toGroupDto(group);
  }

  create(dto: GroupBodyDto): Promise<GroupDto> {
    const name = dto.name.trim();
    return this.connection.transaction(async () => {
      await this.assertNameFree(name);
      const now = new Date();
      const group: CustomerGroup = { id: uuidv7(), name, nameKey: caseKey(name), createdAt: now, updatedAt: now };
      await this.write(name, () => this.groups.insert(group));
      return toGroupDto(group);
    });
  }

  update(id: string, dto: GroupBodyDto): Promise<GroupDto> {
    const name = dto.name.trim();
    return this.connection.transaction(async () => {
      const group = await this.groups.findById(id);
      if (!group) throw groupNotFound();
      if (caseKey(name) !== group.nameKey) await this.assertNameFree(name);
      const changes = { name, nameKey: caseKey(name), updatedAt: new Date() };
      await this.write(name, () => this.groups.update(id, changes));
      return toGroupDto(Object.assign(group, changes));
    });
  }

  /** Removes the group and its memberships (customers stay); each lost membership is audited. */
  async remove(actor: StaffActor, id: string): Promise<void> {
    await this.connection.transaction(async () => {
      const group = await this.groups.findById(id);
      if (!group) throw groupNotFound();
      const members = await this.memberships.customerIdsOf(id);
      await this.memberships.deleteOfGroup(id);
      await this.groups.delete(id);
      await this.audit.record(
        actor,
        members.map((customerId) => ({
          customerId,
          entityType: 'group_membership',
          entityId: id,
          action: 'delete' as const,
          before: { groupId: id, groupName: group.name },
        })),
      );
    });
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.groups.isNameKeyTaken(caseKey(name))) throw groupNameTaken(name);
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
