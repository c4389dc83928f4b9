import { Injectable } from '@nestjs/common';
import { EntityTarget, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import type { CustomerAdmin } from '../customers/customer-links.entity';
import type { Customer } from '../customers/customer.entity';

/**
 * The tables access reads, named by table: the customers module owns (and registers) their
 * entities, and access reads them without depending on that module.
 */
const CUSTOMERS: EntityTarget<Customer> = 'customers';
const CUSTOMER_ADMINS: EntityTarget<CustomerAdmin> = 'customer_admins';

/** A list query that the access rule restricts to the customers an actor may see. */
export type ScopedQuery = SelectQueryBuilder<ObjectLiteral>;

/** The access rule's reads of `customers` and `customer_admins`; inside a transaction, they join it. */
@Injectable()
export class CustomerAccessRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Restricts a query whose `customerIdColumn` holds customer ids to the customers assigned to a staff member. */
  restrictToAssigned<Q extends ScopedQuery>(qb: Q, customerIdColumn: string, staffId: string): Q {
    return qb.andWhere(
      `${customerIdColumn} IN (SELECT access_admin.customer_id FROM customer_admins access_admin WHERE access_admin.staff_id = :accessStaffId)`,
      { accessStaffId: staffId },
    );
  }

  /** Restricts a query whose `customerIdColumn` holds customer ids to one customer (a contact's own). */
  restrictToCustomer<Q extends ScopedQuery>(qb: Q, customerIdColumn: string, customerId: string): Q {
    return qb.andWhere(`${customerIdColumn} = :accessCustomerId`, { accessCustomerId: customerId });
  }

  /** Restricts a query to no row at all. */
  restrictToNothing<Q extends ScopedQuery>(qb: Q): Q {
    return qb.andWhere('1 = 0');
  }

  async findCustomer(customerId: string): Promise<Customer | undefined> {
    const [customer] = await this.connection.select(CUSTOMERS, 'WHERE id = ? LIMIT 1', [customerId]);
    return customer;
  }

  isAssigned(customerId: string, staffId: string): Promise<boolean> {
    return this.connection.manager.existsBy(CUSTOMER_ADMINS, { customerId, staffId });
  }

  /** The staff assigned to a customer as its admins. */
  async staffAssignedTo(customerId: string): Promise<string[]> {
    const rows = await this.connection.manager.find(CUSTOMER_ADMINS, {
      select: { staffId: true },
      where: { customerId },
    });
    return rows.map((r) => r.staffId);
  }

  /** Which of these customers exist (one query). */
  async existingAmong(customerIds: readonly string[]): Promise<string[]> {
    const rows = await this.connection.manager.find(CUSTOMERS, {
      select: { id: true },
      where: { id: In([...customerIds]) },
    });
    return rows.map((r) => r.id);
  }

  /** Which of these customers are assigned to the staff member (one query). */
  async assignedAmong(staffId: string, customerIds: readonly string[]): Promise<string[]> {
    const rows = await this.connection.manager.find(CUSTOMER_ADMINS, {
      select: { customerId: true },
      where: { staffId, customerId: In([...customerIds]) },
    });
    return rows.map((r) => r.customerId);
  }
}
