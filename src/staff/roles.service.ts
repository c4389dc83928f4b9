import { Injectable } from '@nestjs/common';
import { caseKey, mapPage, Page, uuidv7 } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { StaffActor } from '../permissions/actor';
import { Capability, normaliseCapabilities } from '../permissions/capabilities';
import { CreateRoleDto, RoleDto, RoleListQueryDto, UpdateRoleDto } from './dto/role.dto';
import { gained, lacking } from './grants';
import { Role } from './role.entity';
import { RolesRepository } from './roles.repository';
import { StaffRepository } from './staff.repository';
import { permissionEscalation, roleNameTaken, roleNotFound } from './staff.errors';

const toRoleDto = (role: Role): RoleDto => ({
  id: role.id,
  name: role.name,
  permissions: normaliseCapabilities(role.permissions),
});

@Injectable()
export class RolesService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly roles: RolesRepository,
    private readonly staff: StaffRepository,
  ) {}

  async list(query: RoleListQueryDto): Promise<Page<RoleDto>> {
    return mapPage(await this.roles.listPage(query), toRoleDto);
  }

  async get(id: string): Promise<RoleDto> {
    const role = await this.roles.findById(id);
    if (!role) throw roleNotFound();
    return toRoleDto(role);
  }

  async create(actor: StaffActor, dto: CreateRoleDto): Promise<RoleDto> {
    this.assertHolds(actor, dto.permissions);
    return this.connection.transaction(async () => {
      if (await this.roles.nameTaken(dto.name)) throw roleNameTaken();
      const now = new Date();
      const role = Object.assign(new Role(), {
        id: uuidv7(),
        name: dto.name.trim(),
        nameKey: caseKey(dto.name),
        permissions: normaliseCapabilities(dto.permissions),
        createdAt: now,
        updatedAt: now,
      });
      await this.write(() => this.roles.insert(role));
      return toRoleDto(role);
    });
  }

  async update(actor: StaffActor, id: string, dto: UpdateRoleDto): Promise<RoleDto> {
    if (dto.permissions) this.assertHolds(actor, dto.permissions);
    return this.connection.transaction(async () => {
      const role = await this.roles.findById(id);
      if (!role) throw roleNotFound();
      if (dto.name !== undefined && caseKey(dto.name) !== role.nameKey) {
        if (await this.roles.nameTaken(dto.name)) throw roleNameTaken();
        role.name = dto.name.trim();
        role.nameKey = caseKey(dto.name);
      }
      if (dto.permissions) role.permissions = normaliseCapabilities(dto.permissions);
      role.updatedAt = new Date();
      await this.write(() => this.roles.save(role));
      if (dto.applyToStaff) await this.applyToMembers(actor, role);
      return toRoleDto(role);
    });
  }

  async remove(id: string): Promise<void> {
    await this.connection.transaction(async () => {
      if (!(await this.roles.delete(id))) throw roleNotFound();
    });
  }

  /**
   * Gives the role's members its permissions. A member who holds less than the role gains
   * the difference, which the actor must hold. Only the members checked are written: one
   * who joins meanwhile keeps their own permissions.
   */
  private async applyToMembers(actor: StaffActor, role: Role): Promise<void> {
    const members = await this.staff.roleMembers(role.id);
    const beyond = lacking(
      actor,
      members.flatMap((member) => gained(member, { ...member, permissions: role.permissions })),
    );
    if (beyond.length > 0) throw permissionEscalation(beyond);
    if (members.length === 0) return;
    await this.staff.setRoleMembersPermissions(
      role.id,
      members.map((m) => m.id),
      role.permissions,
      role.updatedAt,
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
