import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { prefixUpperBound, whereActive } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { GroupMembershipsService } from '../groups/group-memberships.service';
import { StaffActor } from '../permissions/actor';
import { CustomerAccess } from '../access/customer-access.service';
import { Customer } from './customer.entity';
import { CustomerListQueryDto } from './dto/customer.dto';
import { queryWords } from '../customer-contacts/customer-keys';

/** The search of the customer list and its export: the access rule, the filters and the word prefixes, in SQL. */
@Injectable()
export class CustomersRepository {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly groups: GroupMembershipsService,
  ) {}

  /** The customers the list shows the actor for this query, unsorted and unpaged. */
  filtered(actor: StaffActor, query: CustomerListQueryDto): SelectQueryBuilder<Customer> {
    const qb = this.connection.getRepository(Customer).createQueryBuilder('customer');
    this.access.restrict(qb, actor, 'customer.id');
    whereActive(qb, 'customer.active', query.active ?? 'true');
    if (query.currency) qb.andWhere('customer.currency = :currency', { currency: query.currency });
    if (query.country) qb.andWhere('customer.address.country = :country', { country: query.country });
    if (query.groupId) this.groups.restrictToGroup(qb, 'customer.id', query.groupId);
    if (query.assignedToMe === 'true') {
      qb.andWhere('customer.id IN (SELECT me.customer_id FROM customer_admins me WHERE me.staff_id = :me)', {
        me: actor.id,
      });
    }
    const words = queryWords(query.q ?? '');
    if (query.q?.trim() && words.length === 0) qb.andWhere('1 = 0');
    // A word prefix as a range over the term index: terms compare byte for byte on both
    // engines (utf8mb4_bin on MySQL), and SQLite cannot use an index for its LIKE.
    words.forEach((word, i) => {
      const next = prefixUpperBound(word);
      const below = next === null ? '' : ` AND st${i}.term < :next${i}`;
      qb.andWhere(
        `customer.id IN (SELECT st${i}.customer_id FROM customer_search_terms st${i} WHERE st${i}.term >= :word${i}${below})`,
        { [`word${i}`]: word, [`next${i}`]: next },
      );
    });
    return qb;
  }

  /** The next `size` matches of the query after the id `after`, in creation (id) order. */
  batchAfter(actor: StaffActor, query: CustomerListQueryDto, after: string, size: number): Promise<Customer[]> {
    return this.filtered(actor, query)
      .andWhere('customer.id > :after', { after })
      .orderBy('customer.id', 'ASC')
      .limit(size)
      .getMany();
  }
}
