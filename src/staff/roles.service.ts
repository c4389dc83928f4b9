import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { caseKey, likePrefix, mapPage, Page, page, uuidv7 } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { StaffActor } from '../permissions/actor';
import { Capability, normaliseCapabilities } from '../permissions/capabilities';
import { CreateRoleDto, RoleDto, RoleListQueryDto, UpdateRoleDto } from './dto/role.dto';
import { gained, lacking } from './grants';
import { Role } from './role.entity';
import { Staff } from './staff.entity';
import { permissionEscalation, roleNameTaken, roleNotFound } from './staff.errors';

const toRoleDto = (role: Role): RoleDto => ({
  id: role.id,
  name: role.name,
  permissions: normaliseCapabilities(role.permissions),
});

@Injectable()
export class RolesService {
  constructor(private readonly connection: TransactionalConnection) {}

  async list(query: RoleListQueryDto): Promise<Page<RoleDto>> {
    const qb = this.connection.getRepository(Role).createQueryBuilder('role');
    if (query.q?.trim()) qb.where("role.name_key LIKE :prefix ESCAPE '!'", { prefix: `${likePrefix(query.q)}%` });
    return mapPage(await page(qb, query, { sortable: { name: 'role.name_key' }, tieBreaker: 'role.id' }), toRoleDto);
  }

  async get(id: string): Promise<RoleDto> {
    const role = await this.connection.getRepository(Role).findOneBy({ id });
    if (!role) throw roleNotFound();
    return toRoleDto(role);
  }

  async create(actor: StaffActor, dto: CreateRoleDto): Promise<RoleDto> {
    this.assertHolds(actor, dto.permissions);
    return this.connection.transaction(async (manager) => {
      if (await manager.existsBy(Role, { nameKey: caseKey(dto.name) })) throw roleNameTaken();
      const now = new Date();
      const role = manager.create(Role, {
        id: uuidv7(),
        name: dto.name.trim(),
        nameKey: caseKey(dto.name),
        permissions: normaliseCapabilities(dto.permissions),
        createdAt: now,
        updatedAt: now,
      });
      await this.write(() => manager.insert(Role, role));
      return toRoleDto(role);
    });
  }

  async update(actor: StaffActor, id: string, dto: UpdateRoleDto): Promise<RoleDto> {
    if (dto.permissions) this.assertHolds(actor, dto.permissions);
    return this.connection.transaction(async (manager) => {
      const role = await manager.findOneBy(Role, { id });
      if (!role) throw roleNotFound();
      if (dto.name !== undefined && caseKey(dto.name) !== role.nameKey) {
        if (await manager.existsBy(Role, { nameKey: caseKey(dto.name) })) throw roleNameTaken();
        role.name = dto.name.trim();
        role.nameKey = caseKey(dto.name);
      }
      if (dto.permissions) role.permissions = normaliseCapabilities(dto.permissions);
      role.updatedAt = new Date();
      await this.write(() => manager.save(Role, role));
      if (dto.applyToStaff) await this.applyToMembers(manager, actor, role);
      return toRoleDto(role);
    });
  }

  async remove(id: string): Promise<void> {
    await this.connection.transaction(async (manager) => {
      const result = await manager.delete(Role, { id });
      if (!result.affected) throw roleNotFound();
    });
  }

  /**
   * Gives the role's members its permissions. A member who holds less than the role gains
   * the difference, which the actor must hold. Only the members checked are written: one
   * who joins meanwhile keeps their own permissions.
   */
  private async applyToMembers(manager: EntityManager, actor: StaffActor, role: Role): Promise<void> {
    const members = await manager.find(Staff, {
      select: { id: true, isAdmin: true, active: true, permissions: true },
      where: { roleId: role.id },
    });
    const beyond = lacking(
      actor,
      members.flatMap((member) => gained(member, { ...member, permissions: role.permissions })),
    );
    if (beyond.length > 0) throw permissionEscalation(beyond);
    if (members.length === 0) return;
    await manager.update(
      Staff,
      { roleId: role.id, id: In(members.map((m) => m.id)) },
      { permissions: role.permissions, updatedAt: role.updatedAt },
    );
  }

  /** A role holds only capabilities its author holds. */
  private assertHolds(actor: StaffActor, permissions: Capability[]): void {
    const beyond = lacking(actor, permissions);
    if (beyond.length > 0) throw permissionEscalation(beyond);
  }

  private async write(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw isUniqueViolation(error) ? roleNameTaken() : error;
    }
  }
}
