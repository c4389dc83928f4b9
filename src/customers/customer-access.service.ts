import { Injectable } from '@nestjs/common';
import { EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { StaffActor } from '../permissions/actor';
import { CustomerAdmin } from './customer-links.entity';
import { Customer } from './customer.entity';
import { customerNotFound } from './customers.errors';

export type CustomerScope = { kind: 'all' } | { kind: 'assigned'; staffId: string } | { kind: 'none' };

/**
 * The one place that decides which customers an actor may see: everything with
 * `customers.view`, the customers they administer with `customers.view_own`, nothing
 * otherwise. Lists and counts apply it in SQL; single records answer 404 when not
 * visible, so existence is never revealed. Every customer-scoped feature goes through it.
 */
@Injectable()
export class CustomerAccess {
  constructor(private readonly connection: TransactionalConnection) {}

  scopeOf(actor: StaffActor): CustomerScope {
    if (actor.can('customers.view')) return { kind: 'all' };
    if (actor.can('customers.view_own')) return { kind: 'assigned', staffId: actor.id };
    return { kind: 'none' };
  }

  /** Restricts a query whose `customerIdColumn` holds customer ids (e.g. `customer.id`). */
  restrict<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    actor: StaffActor,
    customerIdColumn: string,
  ): SelectQueryBuilder<T> {
    const scope = this.scopeOf(actor);
    if (scope.kind === 'all') return qb;
    if (scope.kind === 'none') return qb.andWhere('1 = 0');
    return qb.andWhere(
      `${customerIdColumn} IN (SELECT access_admin.customer_id FROM customer_admins access_admin WHERE access_admin.staff_id = :accessStaffId)`,
      { accessStaffId: scope.staffId },
    );
  }

  async canSee(
    actor: StaffActor,
    customerId: string,
    manager: EntityManager = this.connection.manager,
  ): Promise<boolean> {
    const scope = this.scopeOf(actor);
    if (scope.kind === 'none') return false;
    if (scope.kind === 'assigned') return manager.existsBy(CustomerAdmin, { customerId, staffId: scope.staffId });
    return manager.existsBy(Customer, { id: customerId });
  }

  /** Loads a customer the actor may see, or answers 404 (the same for missing and hidden). */
  async findVisible(
    actor: StaffActor,
    customerId: string,
    manager: EntityManager = this.connection.manager,
  ): Promise<Customer> {
    const scope = this.scopeOf(actor);
    if (scope.kind === 'none') throw customerNotFound();
    const customer = await manager.findOneBy(Customer, { id: customerId });
    const visible =
      customer !== null &&
      (scope.kind === 'all' || (await manager.existsBy(CustomerAdmin, { customerId, staffId: scope.staffId })));
    if (!visible) throw customerNotFound();
    return customer;
  }

  /** Which of these customer ids the actor may see (one query). */
  async visibleAmong(
    actor: StaffActor,
    customerIds: string[],
    manager: EntityManager = this.connection.manager,
  ): Promise<string[]> {
    const scope = this.scopeOf(actor);
    if (scope.kind === 'none' || customerIds.length === 0) return [];
    if (scope.kind === 'all') return customerIds;
    const rows = await manager.find(CustomerAdmin, {
      select: { customerId: true },
      where: { staffId: scope.staffId, customerId: In(customerIds) },
    });
    return rows.map((r) => r.customerId);
  }

  async assertVisible(actor: StaffActor, customerId: string, manager?: EntityManager): Promise<void> {
    if (!(await this.canSee(actor, customerId, manager))) throw customerNotFound();
  }
}
