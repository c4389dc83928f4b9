import { Injectable } from '@nestjs/common';
import { caseKey, likePrefix, Page, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { RoleListQueryDto } from './dto/role.dto';
import { Role } from './role.entity';

/** `roles`. Calls join the current transaction. */
@Injectable()
export class RolesRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get roles() {
    return this.connection.getRepository(Role);
  }

  /** A page of roles, by a prefix of the name (`q`), sorted by name. */
  listPage(query: RoleListQueryDto): Promise<Page<Role>> {
    const qb = this.roles.createQueryBuilder('role');
    if (query.q?.trim()) qb.where("role.name_key LIKE :prefix ESCAPE '!'", { prefix: `${likePrefix(query.q)}%` });
    return page(qb, query, { sortable: { name: 'role.name_key' }, tieBreaker: 'role.id' });
  }

  findById(id: string): Promise<Role | null> {
    return this.roles.findOneBy({ id });
  }

  nameTaken(name: string): Promise<boolean> {
    return this.roles.existsBy({ nameKey: caseKey(name) });
  }

  async insert(role: Role): Promise<void> {
    await this.roles.insert(role);
  }

  /** Saves a loaded role's changed columns. */
  async save(role: Role): Promise<void> {
    await this.roles.save(role);
  }

  /** Deletes the role; whether there was one. */
  async delete(id: string): Promise<boolean> {
    const result = await this.roles.delete({ id });
    return Boolean(result.affected);
  }
}
