import { Injectable } from '@nestjs/common';
import { Page, page, PageQueryDto } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAdmin } from './customer-links.entity';

/** The statements on `customer_admins`; inside a transaction, they join it. */
@Injectable()
export class CustomerAdminsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get admins() {
    return this.connection.getRepository(CustomerAdmin);
  }

  /** A page of the customer's admins, first assigned first. */
  listPage(customerId: string, query: PageQueryDto): Promise<Page<CustomerAdmin>> {
    return page(
      this.admins.createQueryBuilder('admin').where('admin.customer_id = :customerId', { customerId }),
      query,
      { sortable: { assignedAt: 'admin.assigned_at' }, defaultSort: 'assignedAt', tieBreaker: 'admin.staff_id' },
    );
  }

  find(customerId: string, staffId: string): Promise<CustomerAdmin | null> {
    return this.admins.findOneBy({ customerId, staffId });
  }

  /** Inserts an assignment; one that exists already is a unique violation. */
  async insert(admin: CustomerAdmin): Promise<void> {
    await this.connection.insert(CustomerAdmin, [admin]);
  }

  /** Assigns the creator of a new customer to it. */
  async insertCreator(customerId: string, staffId: string, assignedAt: Date): Promise<void> {
    await this.admins.insert({ customerId, staffId, assignedAt, assignedBy: staffId });
  }

  /** Removes an assignment; false when there was none. */
  async delete(customerId: string, staffId: string): Promise<boolean> {
    return Boolean((await this.admins.delete({ customerId, staffId })).affected);
  }
}
