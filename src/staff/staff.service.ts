import { Injectable } from '@nestjs/common';
import { caseKey, mapPage, Page, unknownReference, uuidv7 } from '@app/common';
import { TransactionalConnection, isUniqueViolation } from '@app/database';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { StaffActor } from '../permissions/actor';
import { type Capability, normaliseCapabilities } from '../permissions/capabilities';
import { CreateStaffDto, StaffDto, StaffListQueryDto, UpdateStaffDto } from './dto/staff.dto';
import { Holder, entitlements, gained, lacking } from './grants';
import { Role } from './role.entity';
import { RolesRepository } from './roles.repository';
import { Staff } from './staff.entity';
import { StaffRepository } from './staff.repository';
import type { StaffRecipient } from '../mail/contact-emails';
import { issuedWithinSessions } from '../sessions/sessions-valid-after';
import {
  adminRequired,
  cannotDeleteSelf,
  lastAdministrator,
  permissionEscalation,
  staffEmailTaken,
  staffNotFound,
  staffOutranksYou,
} from './staff.errors';

/** The guard row every change that may remove an active administrator writes first. */
const ADMINISTRATORS_GUARD = 'administrators';

export function toStaffDto(staff: Staff): StaffDto {
  return {
    id: staff.id,
    email: staff.email,
    firstName: staff.firstName,
    lastName: staff.lastName,
    isAdmin: staff.isAdmin,
    active: staff.active,
    permissions: normaliseCapabilities(staff.permissions),
    language: staff.language,
    roleId: staff.roleId,
    lastLoginAt: staff.lastLoginAt?.toISOString() ?? null,
    createdAt: staff.createdAt.toISOString(),
    updatedAt: staff.updatedAt.toISOString(),
  };
}

@Injectable()
export class StaffService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly staff: StaffRepository,
    private readonly roles: RolesRepository,
  ) {}

  /** The row behind each loaded actor, so `auth/me` answers without reading it again. */
  private readonly loaded = new WeakMap<StaffActor, Staff>();

  /**
   * The acting staff member, read fresh for every request (by primary key, in one statement
   * of fixed SQL: this runs before every handler); undefined when unknown or inactive, or
   * when the access token was issued (`issuedAt`, ms) before their sessions were ended.
   */
  async loadActor(id: string, issuedAt?: number): Promise<StaffActor | undefined> {
    const staff = await this.staff.findActiveProfile(id);
    if (!staff || !issuedWithinSessions(issuedAt, staff.sessionsValidAfter)) return undefined;
    const actor = new StaffActor(
      staff.id,
      staff.email,
      staff.isAdmin,
      new Set(normaliseCapabilities(staff.permissions)),
      staff.language,
    );
    this.loaded.set(actor, staff);
    return actor;
  }

  /** The actor's own Staff shape, from the row their request loaded. */
  profileOf(actor: StaffActor): Promise<StaffDto> {
    const staff = this.loaded.get(actor);
    return staff ? Promise.resolve(toStaffDto(staff)) : this.get(actor.id);
  }

  /** An active staff member, or null. */
  findActive(id: string): Promise<Staff | null> {
    return this.staff.findActive(id);
  }

  findByIds(ids: readonly string[]): Promise<Staff[]> {
    return this.staff.findByIds(ids);
  }

  findByEmail(email: string): Promise<Staff | null> {
    return this.staff.findByEmail(email);
  }

  /** The active staff members holding `capability` (administrators hold every one), to be told by email. */
  async activeHoldersOf(capability: Capability): Promise<StaffRecipient[]> {
    const members = await this.staff.activeMembers();
    return members
      .filter((m) => m.isAdmin || normaliseCapabilities(m.permissions).includes(capability))
      .map(({ email, firstName, lastName, language }) => ({ email, firstName, lastName, language }));
  }

  /**
   * The active staff members holding `capability` (administrators hold every one) or named
   * in `staffIds` (those assigned to a customer, say), each once, to be told by email.
   */
  async activeHoldersOrAmong(capability: Capability, staffIds: readonly string[]): Promise<StaffRecipient[]> {
    const members = await this.staff.activeMembers();
    return members
      .filter((m) => staffIds.includes(m.id) || m.isAdmin || normaliseCapabilities(m.permissions).includes(capability))
      .map(({ email, firstName, lastName, language }) => ({ email, firstName, lastName, language }));
  }

  /** Signs a staff member out everywhere: their refresh sessions and every access token issued until now. */
  async endSessions(id: string): Promise<void> {
    await this.connection.transaction(async () => {
      await this.sessions.revokeAll('staff', id);
      await this.staff.markSessionsEnded(id, new Date());
    });
  }

  async recordLogin(id: string, rehash?: string): Promise<void> {
    await this.connection.transaction(() => this.staff.markLoggedIn(id, new Date(), rehash));
  }

  async list(query: StaffListQueryDto): Promise<Page<StaffDto>> {
    return mapPage(await this.staff.listPage(query), toStaffDto);
  }

  async get(id: string): Promise<StaffDto> {
    const staff = await this.staff.findById(id);
    if (!staff) throw staffNotFound();
    return toStaffDto(staff);
  }

  async create(actor: StaffActor, dto: CreateStaffDto): Promise<StaffDto> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.connection.transaction(async () => {
      const role = dto.roleId ? await this.findRole(dto.roleId) : null;
      const permissions = normaliseCapabilities(dto.permissions ?? role?.permissions ?? []);
      const after = { isAdmin: dto.isAdmin ?? false, active: dto.active ?? true, permissions };
      this.assertMayGrant(actor, null, after, role);
      if (await this.staff.emailTaken(dto.email)) throw staffEmailTaken();
      const now = new Date();
      const staff = Object.assign(new Staff(), {
        id: uuidv7(),
        email: dto.email.trim(),
        emailKey: caseKey(dto.email),
        firstName: dto.firstName.trim(),
        lastName: dto.lastName.trim(),
        passwordHash,
        isAdmin: after.isAdmin,
        active: after.active,
        language: dto.language ?? null,
        permissions,
        roleId: dto.roleId ?? null,
        lastLoginAt: null,
        sessionsValidAfter: null,
        createdAt: now,
        updatedAt: now,
      });
      await this.insertUnique(staff);
      return toStaffDto(staff);
    });
  }

  async update(actor: StaffActor, id: string, dto: UpdateStaffDto): Promise<StaffDto> {
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    return this.connection.transaction(async () => {
      if (dto.isAdmin === false || dto.active === false) await this.guardAdministrators();
      const staff = await this.staff.findById(id);
      if (!staff) throw staffNotFound();
      if (staff.isAdmin && !actor.isAdmin) throw adminRequired();
      const email = dto.email !== undefined && caseKey(dto.email) !== staff.emailKey ? dto.email : undefined;
      if (passwordHash || email !== undefined || (dto.active === false && staff.active)) {
        this.assertOutranks(actor, staff);
      }
      const joined = dto.roleId && dto.roleId !== staff.roleId ? await this.findRole(dto.roleId) : null;
      const after: Holder = {
        isAdmin: dto.isAdmin ?? staff.isAdmin,
        active: dto.active ?? staff.active,
        permissions: normaliseCapabilities(dto.permissions ?? joined?.permissions ?? staff.permissions),
      };
      this.assertMayGrant(actor, staff, after, joined);
      if (staff.isAdmin && staff.active && !(after.isAdmin && after.active)) await this.assertAnotherAdmin(id);
      if (email !== undefined) {
        if (await this.staff.emailTaken(email)) throw staffEmailTaken();
        staff.email = email.trim();
        staff.emailKey = caseKey(email);
      }
      if (dto.firstName !== undefined) staff.firstName = dto.firstName.trim();
      if (dto.lastName !== undefined) staff.lastName = dto.lastName.trim();
      if (dto.language !== undefined) staff.language = dto.language;
      if (dto.roleId !== undefined) staff.roleId = dto.roleId;
      if (passwordHash) staff.passwordHash = passwordHash;
      Object.assign(staff, after);
      staff.updatedAt = new Date();
      if (passwordHash || dto.active === false) staff.sessionsValidAfter = staff.updatedAt;
      try {
        await this.staff.save(staff);
      } catch (error) {
        throw isUniqueViolation(error) ? staffEmailTaken() : error;
      }
      if (passwordHash || dto.active === false) await this.sessions.revokeAll('staff', staff.id);
      return toStaffDto(staff);
    });
  }

  async remove(actor: StaffActor, id: string): Promise<void> {
    if (id === actor.id) throw cannotDeleteSelf();
    await this.connection.transaction(async () => {
      await this.guardAdministrators();
      const staff = await this.staff.findById(id);
      if (!staff) throw staffNotFound();
      if (staff.isAdmin && !actor.isAdmin) throw adminRequired();
      this.assertOutranks(actor, staff);
      if (staff.isAdmin && staff.active) await this.assertAnotherAdmin(staff.id);
      await this.sessions.removeAll('staff', id);
      await this.staff.delete(id);
    });
  }

  async count(): Promise<number> {
    return this.staff.count();
  }

  /** Inserts a staff row; a concurrent insert of the same email becomes 409, not 500. */
  async insertUnique(staff: Staff): Promise<void> {
    try {
      await this.staff.insert(staff);
    } catch (error) {
      throw isUniqueViolation(error) ? staffEmailTaken() : error;
    }
  }

  private async findRole(roleId: string): Promise<Role> {
    const role = await this.roles.findById(roleId);
    if (!role) throw unknownReference('roleId');
    return role;
  }

  /**
   * Only administrators make administrators; others may leave nobody holding a capability
   * they lack themselves, unless that person held it before. Joining a role counts as
   * receiving its capabilities, since applying the role hands them out later.
   */
  private assertMayGrant(actor: StaffActor, before: Holder | null, after: Holder, joined: Role | null): void {
    if (actor.isAdmin) return;
    if (after.isAdmin && !before?.isAdmin) throw adminRequired();
    const beyond = lacking(actor, gained(before, after, joined?.permissions));
    if (beyond.length > 0) throw permissionEscalation(beyond);
  }

  /**
   * Another person's credentials, activity or existence are theirs to lose only to someone
   * holding everything they hold (active or not: a dormant account can be woken later).
   */
  private assertOutranks(actor: StaffActor, staff: Staff): void {
    if (staff.id === actor.id) return;
    const beyond = lacking(actor, entitlements(staff));
    if (beyond.length > 0) throw staffOutranksYou(beyond);
  }

  /**
   * Writes the administrators' guard row, first thing in a transaction that may remove an
   * active administrator: such transactions then run one after another on every engine (a
   * row lock on one server, a write conflict retried as a deadlock on a multi-primary
   * cluster), so each counts the administrators the previous one left.
   */
  private async guardAdministrators(): Promise<void> {
    await this.staff.writeGuard(ADMINISTRATORS_GUARD);
  }

  private async assertAnotherAdmin(id: string): Promise<void> {
    const others = await this.staff.countOtherActiveAdministrators(id);
    if (others === 0) throw lastAdministrator();
  }
}
