import { Injectable } from '@nestjs/common';
import type { Customer } from '../customers/customer.entity';
import type { Actor } from '../permissions/actor';
import type { PortalPermission } from '../permissions/portal-permissions';
import { customerNotFound } from './access.errors';
import { CustomerAccessRepository, type ScopedQuery } from './customer-access.repository';

export type CustomerScope =
  | { kind: 'all' }
  | { kind: 'assigned'; staffId: string }
  /** A contact on the portal: its own customer only. */
  | { kind: 'own'; customerId: string }
  | { kind: 'none' };

/** Features whose records belong to a customer and have `view` and `view_own` capabilities. */
export type DocumentFeature = 'invoices' | 'estimates' | 'payments' | 'credit_notes';

const REACH = { none: 0, assigned: 1, all: 2 } as const;
type StaffReach = keyof typeof REACH;

/** The portal area that opens a document feature to a contact. */
const PORTAL_AREA: Record<DocumentFeature, PortalPermission> = {
  invoices: 'invoices',
  payments: 'invoices',
  credit_notes: 'invoices',
  estimates: 'estimates',
};

/**
 * The one place that decides which customers an actor may see: for staff, everything with
 * `customers.view`, the customers they administer with `customers.view_own`, nothing
 * otherwise; for a contact on the portal, its own customer only. Lists and counts apply it in SQL; single records answer 404 when not
 * visible, so existence is never revealed. Every customer-scoped feature goes through it;
 * inside a transaction, its reads join it.
 */
@Injectable()
export class CustomerAccess {
  constructor(private readonly repository: CustomerAccessRepository) {}

  scopeOf(actor: Actor): CustomerScope {
    if (actor.kind === 'contact') return { kind: 'own', customerId: actor.customerId };
    if (actor.can('customers.view')) return { kind: 'all' };
    if (actor.can('customers.view_own')) return { kind: 'assigned', staffId: actor.id };
    return { kind: 'none' };
  }

  /**
   * The customers whose documents of `feature` the actor may read: the feature's own reach
   * (`view`: every customer's, `view_own`: assigned customers') capped by the customer scope,
   * so `invoices.view` with only `customers.view_own` reads assigned customers' invoices.
   */
  documentScopeOf(actor: Actor, feature: DocumentFeature): CustomerScope {
    if (actor.kind === 'contact') return actor.may(PORTAL_AREA[feature]) ? this.scopeOf(actor) : { kind: 'none' };
    const customers = this.scopeOf(actor).kind as StaffReach;
    const own: StaffReach = actor.can(`${feature}.view`)
      ? 'all'
      : actor.can(`${feature}.view_own`)
        ? 'assigned'
        : 'none';
    const kind = REACH[own] < REACH[customers] ? own : customers;
    return kind === 'assigned' ? { kind, staffId: actor.id } : { kind };
  }

  /**
   * Restricts a query whose `customerIdColumn` holds customer ids (e.g. `customer.id`) to the
   * actor's customer scope, or to `scope` (a document scope, say).
   */
  restrict<Q extends ScopedQuery>(
    qb: Q,
    actor: Actor,
    customerIdColumn: string,
    scope: CustomerScope = this.scopeOf(actor),
  ): Q {
    if (scope.kind === 'all') return qb;
    if (scope.kind === 'none') return this.repository.restrictToNothing(qb);
    if (scope.kind === 'own') return this.repository.restrictToCustomer(qb, customerIdColumn, scope.customerId);
    return this.repository.restrictToAssigned(qb, customerIdColumn, scope.staffId);
  }

  async canSee(actor: Actor, customerId: string): Promise<boolean> {
    return (await this.visibleAmong(actor, [customerId])).length === 1;
  }

  /** Loads a customer the actor may see, or answers 404 (the same for missing and hidden). */
  async findVisible(actor: Actor, customerId: string): Promise<Customer> {
    const scope = this.scopeOf(actor);
    if (scope.kind === 'none' || (scope.kind === 'own' && scope.customerId !== customerId)) throw customerNotFound();
    const customer = await this.repository.findCustomer(customerId);
    const visible =
      customer !== undefined &&
      (scope.kind === 'all' || scope.kind === 'own' || (await this.repository.isAssigned(customerId, scope.staffId)));
    if (!visible) throw customerNotFound();
    return customer;
  }

  /** Which of these customers exist and are visible to the actor (one query). */
  async visibleAmong(actor: Actor, customerIds: readonly string[]): Promise<string[]> {
    const scope = this.scopeOf(actor);
    const ids = [...new Set(customerIds)].filter((id) => scope.kind !== 'own' || id === scope.customerId);
    if (scope.kind === 'none' || ids.length === 0) return [];
    return scope.kind === 'all' || scope.kind === 'own'
      ? this.repository.existingAmong(ids)
      : this.repository.assignedAmong(scope.staffId, ids);
  }

  /**
   * 404 unless the actor may read the customer's documents of `feature`: the feature's reach
   * capped by the customer scope, as `documentScopeOf` decides (one query).
   */
  async assertDocumentsVisible(actor: Actor, customerId: string, feature: DocumentFeature): Promise<void> {
    const scope = this.documentScopeOf(actor, feature);
    const visible =
      scope.kind === 'all'
        ? (await this.repository.existingAmong([customerId])).length === 1
        : scope.kind === 'own'
          ? scope.customerId === customerId
          : scope.kind === 'assigned' && (await this.repository.isAssigned(customerId, scope.staffId));
    if (!visible) throw customerNotFound();
  }

  /** The staff members assigned to the customer (who reach it with `customers.view_own`), active or not. */
  staffAssignedTo(customerId: string): Promise<string[]> {
    return this.repository.staffAssignedTo(customerId);
  }

  async assertVisible(actor: Actor, customerId: string): Promise<void> {
    if (!(await this.canSee(actor, customerId))) throw customerNotFound();
  }
}
