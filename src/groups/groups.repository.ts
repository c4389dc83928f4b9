import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { likePrefix, Page, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerGroup } from './customer-group.entity';
import { GroupListQueryDto } from './dto/group.dto';

/** The statements on `customer_groups`; inside a transaction, they join it. */
@Injectable()
export class GroupsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get groups() {
    return this.connection.getRepository(CustomerGroup);
  }

  /** A page of groups whose name starts with `q` (folded), sorted by name or creation. */
  listPage(query: GroupListQueryDto): Promise<Page<CustomerGroup>> {
    const qb = this.groups.createQueryBuilder('grp');
    if (query.q?.trim()) qb.where("grp.name_key LIKE :prefix ESCAPE '!'", { prefix: `${likePrefix(query.q)}%` });
    const sortable = { name: 'grp.name_key', createdAt: 'grp.created_at' };
    return page(qb, query, { sortable, tieBreaker: 'grp.id' });
  }

  async findById(id: string): Promise<CustomerGroup | null> {
    return this.groups.findOneBy({ id });
  }

  /** How many of these (distinct) groups exist. */
  countExisting(ids: readonly string[]): Promise<number> {
    return this.groups.countBy({ id: In([...ids]) });
  }

  isNameKeyTaken(nameKey: string): Promise<boolean> {
    return this.groups.existsBy({ nameKey });
  }

  async insert(group: CustomerGroup): Promise<void> {
    await this.groups.insert(group);
  }

  async update(id: string, changes: Pick<CustomerGroup, 'name' | 'nameKey' | 'updatedAt'>): Promise<void> {
    await this.groups.update({ id }, changes);
  }

  async delete(id: string): Promise<void> {
    await this.groups.delete({ id });
  }
}
