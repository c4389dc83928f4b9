import { Injectable } from '@nestjs/common';
import { In, Not } from 'typeorm';
import { caseKey, likePrefix, Page, page, whereActive } from '@app/common';
import { TransactionalConnection } from '@app/database';
import type { Capability } from '../permissions/capabilities';
import { StaffListQueryDto } from './dto/staff.dto';
import { StaffGuard } from './staff-guard.entity';
import { Staff } from './staff.entity';

const SORTABLE = {
  email: 'staff.email_key',
  firstName: 'staff.first_name',
  lastName: 'staff.last_name',
  createdAt: 'staff.created_at',
};

/** Every column of the Staff shape; never the password hash. */
const PROFILE_COLUMNS = [
  'id',
  'email',
  'firstName',
  'lastName',
  'isAdmin',
  'active',
  'permissions',
  'language',
  'roleId',
  'lastLoginAt',
  'sessionsValidAfter',
  'createdAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof Staff>;

/** A role member as `applyToMembers` weighs them. */
export type RoleMember = Pick<Staff, 'id' | 'isAdmin' | 'active' | 'permissions'>;

/** `staff` and `staff_guards`. Calls join the current transaction. */
@Injectable()
export class StaffRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get staff() {
    return this.connection.getRepository(Staff);
  }

  /**
   * An active staff member's profile (every column but the password hash), by primary key,
   * in one statement of fixed SQL: this runs before every handler.
   */
  async findActiveProfile(id: string): Promise<Staff | undefined> {
    const [staff] = await this.connection.select(
      Staff,
      'WHERE id = ? AND active = ? LIMIT 1',
      [id, true],
      PROFILE_COLUMNS,
    );
    return staff;
  }

  /** Access tokens of the staff member issued before `at` stop counting. */
  async markSessionsEnded(id: string, at: Date): Promise<void> {
    await this.staff.update({ id }, { sessionsValidAfter: at });
  }

  /** The active staff members, with what an email to them needs and what decides whether they get it. */
  activeMembers(): Promise<
    Array<Pick<Staff, 'id' | 'email' | 'firstName' | 'lastName' | 'language' | 'isAdmin' | 'permissions'>>
  > {
    return this.staff.find({
      select: {
        id: true,
        email: true,
        firstName: true,
        lastName: true,
        language: true,
        isAdmin: true,
        permissions: true,
      },
      where: { active: true },
      order: { createdAt: 'ASC' },
    });
  }

  findById(id: string): Promise<Staff | null> {
    return this.staff.findOneBy({ id });
  }

  findActive(id: string): Promise<Staff | null> {
    return this.staff.findOneBy({ id, active: true });
  }

  findByIds(ids: readonly string[]): Promise<Staff[]> {
    return ids.length ? this.staff.findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  findByEmail(email: string): Promise<Staff | null> {
    return this.staff.findOneBy({ emailKey: caseKey(email) });
  }

  emailTaken(email: string): Promise<boolean> {
    return this.staff.existsBy({ emailKey: caseKey(email) });
  }

  count(): Promise<number> {
    return this.staff.count();
  }

  /** A page of staff: active filter, a prefix of email, first or last name (`q`), sorted. */
  listPage(query: StaffListQueryDto): Promise<Page<Staff>> {
    const qb = this.staff.createQueryBuilder('staff');
    whereActive(qb, 'staff.active', query.active ?? 'all');
    if (query.q?.trim()) {
      const prefix = `${likePrefix(query.q)}%`;
      qb.andWhere(
        "(staff.email_key LIKE :prefix ESCAPE '!' OR LOWER(staff.first_name) LIKE :prefix ESCAPE '!' OR LOWER(staff.last_name) LIKE :prefix ESCAPE '!')",
        { prefix },
      );
    }
    return page(qb, query, { sortable: SORTABLE, defaultSort: 'lastName', tieBreaker: 'staff.id' });
  }

  async insert(staff: Staff): Promise<void> {
    await this.staff.insert(staff);
  }

  /** Saves a loaded staff member's changed columns. */
  async save(staff: Staff): Promise<void> {
    await this.staff.save(staff);
  }

  async markLoggedIn(id: string, at: Date, rehash?: string): Promise<void> {
    await this.staff.update({ id }, rehash ? { lastLoginAt: at, passwordHash: rehash } : { lastLoginAt: at });
  }

  async delete(id: string): Promise<void> {
    await this.staff.delete({ id });
  }

  /** How many active administrators there are besides `id`. */
  countOtherActiveAdministrators(id: string): Promise<number> {
    return this.staff.countBy({ isAdmin: true, active: true, id: Not(id) });
  }

  /** The members of a role, with what decides what they hold. */
  roleMembers(roleId: string): Promise<RoleMember[]> {
    return this.staff.find({
      select: { id: true, isAdmin: true, active: true, permissions: true },
      where: { roleId },
    });
  }

  /** Gives these members of the role its permissions; one who left the role meanwhile is not written. */
  async setRoleMembersPermissions(
    roleId: string,
    memberIds: readonly string[],
    permissions: Capability[],
    updatedAt: Date,
  ): Promise<void> {
    await this.staff.update({ roleId, id: In([...memberIds]) }, { permissions, updatedAt });
  }

  /** Advances the guard row `name`, inserting it first when missing. */
  async writeGuard(name: string): Promise<void> {
    const manager = this.connection.manager;
    const advance = () =>
      manager
        .createQueryBuilder()
        .update(StaffGuard)
        .set({ version: () => 'version + 1' })
        .where('name = :name', { name })
        .execute();
    if ((await advance()).affected) return;
    await manager.createQueryBuilder().insert().into(StaffGuard).values({ name, version: 0 }).orIgnore().execute();
    await advance();
  }
}
