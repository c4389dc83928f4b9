import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ListQuery, Page, page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import type { StaffActor } from '../permissions/actor';
import type { DayRange } from './report-period';

/** What every figure of a report is restricted to. */
export interface ReportFilter {
  range: DayRange;
  /** Only this currency's figures. */
  currency?: string;
  /** Only customers of this group (`null`: customers in no group). */
  group?: string | null;
}

/** Sums come back as strings (MySQL's DECIMAL) or numbers (SQLite): both read exactly as BigInt. */
export type RawSum = string | number | null;

export interface GroupRowRaw {
  groupId: string | null;
  groupName: string | null;
  currency: string;
  received: RawSum;
  invoiced: RawSum;
  customers: RawSum;
}

export interface TotalRaw {
  currency: string;
  received: RawSum;
  invoiced: RawSum;
}

export interface SeriesRaw extends TotalRaw {
  month: string;
  groupId: string | null;
}

export interface CustomerRowRaw {
  customerId: string;
  company: string;
  currency: string;
  received: RawSum;
  invoiced: RawSum;
}

export interface CurrencyRaw {
  code: string;
  name: string;
  symbol: string;
  decimals: number;
  decimalSeparator: string;
  thousandSeparator: string;
  placement: 'before' | 'after';
  isDefault: number | boolean | string;
}

export interface RateRaw {
  currency: string;
  rate: string;
  date: string;
}

/**
 * What one row of the activity stands for: a customer's figures in a currency, the same per
 * month, or a currency's figures (all customers together).
 */
type Grain = 'customer' | 'month' | 'currency';

/** Invoices that count as invoiced; payments count unless their invoice is cancelled. */
const NOT_INVOICED = ['draft', 'cancelled'];
const CANCELLED = 'cancelled';

/**
 * The report's SQL: aggregates over other modules' tables (payments, invoices, group
 * memberships, groups, customers, currencies, exchange rates), read by table name, grouped
 * in the database and answered as raw rows; nothing here writes.
 *
 * Every figure starts from one "activity" derived table: per customer and currency (per
 * month too for the series, per currency alone for the totals), the payments received in the range on invoices not cancelled,
 * and, in a second branch, the invoices dated in the range that are neither drafts nor
 * cancelled. The customer scope of the actor and the report's filters apply inside both
 * branches, so the index on the date serves each and the groups join per customer, not per
 * document.
 */
@Injectable()
export class ReportsRepository {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
  ) {}

  /** Per group (null: in no group) and currency; a customer in several groups counts in each. */
  groupRows(actor: StaffActor, filter: ReportFilter): Promise<GroupRowRaw[]> {
    const key = this.key;
    return this.fromActivity(actor, filter, 'customer')
      .select('MIN(member.group_id)', 'groupId')
      .addSelect('MIN(grp.name)', 'groupName')
      .addSelect('MIN(activity.currency)', 'currency')
      .addSelect('SUM(activity.received)', 'received')
      .addSelect('SUM(activity.invoiced)', 'invoiced')
      .addSelect(`COUNT(DISTINCT ${key('activity.customer_id')})`, 'customers')
      .leftJoin('customer_group_members', 'member', 'member.customer_id = activity.customer_id')
      .leftJoin('customer_groups', 'grp', 'grp.id = member.group_id')
      .groupBy(key('member.group_id'))
      .addGroupBy(key('activity.currency'))
      .getRawMany();
  }

  /** Per currency, every payment and invoice once, without a customer's grouping. */
  totals(actor: StaffActor, filter: ReportFilter): Promise<TotalRaw[]> {
    return this.fromActivity(actor, filter, 'currency')
      .select('MIN(activity.currency)', 'currency')
      .addSelect('SUM(activity.received)', 'received')
      .addSelect('SUM(activity.invoiced)', 'invoiced')
      .groupBy(this.key('activity.currency'))
      .getRawMany();
  }

  /** Per month, group and currency. */
  series(actor: StaffActor, filter: ReportFilter): Promise<SeriesRaw[]> {
    const key = this.key;
    return this.fromActivity(actor, filter, 'month')
      .select('MIN(activity.month)', 'month')
      .addSelect('MIN(member.group_id)', 'groupId')
      .addSelect('MIN(activity.currency)', 'currency')
      .addSelect('SUM(activity.received)', 'received')
      .addSelect('SUM(activity.invoiced)', 'invoiced')
      .leftJoin('customer_group_members', 'member', 'member.customer_id = activity.customer_id')
      .groupBy(key('activity.month'))
      .addGroupBy(key('member.group_id'))
      .addGroupBy(key('activity.currency'))
      .getRawMany();
  }

  /** A page of the customers of one group (or of none), per currency, ranked by what they paid. */
  groupCustomers(actor: StaffActor, filter: ReportFilter, query: ListQuery): Promise<Page<CustomerRowRaw>> {
    const key = this.key;
    const rows = this.fromActivity(actor, filter, 'customer')
      .select('MIN(activity.customer_id)', 'customerId')
      .addSelect('MIN(customer.company)', 'company')
      .addSelect('MIN(activity.currency)', 'currency')
      .addSelect('SUM(activity.received)', 'received')
      .addSelect('SUM(activity.invoiced)', 'invoiced')
      .innerJoin('customers', 'customer', 'customer.id = activity.customer_id')
      .groupBy(key('activity.customer_id'))
      .addGroupBy(key('activity.currency'))
      .orderBy('received', 'DESC')
      .addOrderBy('company', 'ASC')
      .addOrderBy('currency', 'ASC');
    return page(rows, query, { tieBreaker: 'customerId', raw: true }) as Promise<Page<CustomerRowRaw>>;
  }

  async groupExists(groupId: string): Promise<boolean> {
    const row = await this.queryBuilder()
      .select('grp.id', 'id')
      .from('customer_groups', 'grp')
      .where('grp.id = :groupId', { groupId })
      .limit(1)
      .getRawOne();
    return row !== undefined;
  }

  currencies(): Promise<CurrencyRaw[]> {
    return this.queryBuilder()
      .select('currency.code', 'code')
      .addSelect('currency.name', 'name')
      .addSelect('currency.symbol', 'symbol')
      .addSelect('currency.decimals', 'decimals')
      .addSelect('currency.decimal_separator', 'decimalSeparator')
      .addSelect('currency.thousand_separator', 'thousandSeparator')
      .addSelect('currency.placement', 'placement')
      .addSelect('currency.is_default', 'isDefault')
      .from('currencies', 'currency')
      .getRawMany();
  }

  /** For each currency, its latest stored rate (to the default currency) on or before `day`. */
  latestRates(codes: readonly string[], day: string): Promise<RateRaw[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.queryBuilder()
      .select('rate.currency_code', 'currency')
      .addSelect('rate.rate', 'rate')
      .addSelect('rate.date', 'date')
      .from('exchange_rates', 'rate')
      .where('rate.currency_code IN (:...codes)', { codes })
      .andWhere(
        'rate.date = (SELECT MAX(earlier.date) FROM exchange_rates earlier WHERE earlier.currency_code = rate.currency_code AND earlier.date <= :day)',
        { day },
      )
      .getRawMany();
  }

  /** A query reading from the activity derived table (`activity`), in the current transaction if any. */
  private fromActivity(actor: StaffActor, filter: ReportFilter, grain: Grain): SelectQueryBuilder<ObjectLiteral> {
    const received = this.branch(actor, filter, grain, 'payment', 'payments')
      .addSelect('SUM(payment.amount)', 'received')
      .addSelect('0', 'invoiced')
      .andWhere(
        `${this.key('payment.invoice_id')} NOT IN (SELECT ${this.key('cancelled.id')} FROM invoices cancelled WHERE cancelled.status = :cancelled)`,
        { cancelled: CANCELLED },
      );
    const invoiced = this.branch(actor, filter, grain, 'invoice', 'invoices')
      .addSelect('0', 'received')
      .addSelect('SUM(invoice.total)', 'invoiced')
      .andWhere('invoice.status NOT IN (:...notInvoiced)', { notInvoiced: NOT_INVOICED });
    return this.queryBuilder()
      .from(`(${received.getQuery()} UNION ALL ${invoiced.getQuery()})`, 'activity')
      .setParameters({ ...received.getParameters(), ...invoiced.getParameters() });
  }

  /** One branch of the activity: a table's rows in the range, filtered and scoped, summed per `grain`. */
  private branch(
    actor: StaffActor,
    filter: ReportFilter,
    grain: Grain,
    alias: string,
    table: string,
  ): SelectQueryBuilder<ObjectLiteral> {
    const key = this.key;
    const qb = this.queryBuilder()
      .select(`MIN(${alias}.currency)`, 'currency')
      .from(table, alias)
      .where(`${alias}.date >= :from AND ${alias}.date <= :to`, { from: filter.range.from, to: filter.range.to })
      .groupBy(key(`${alias}.currency`));
    if (grain !== 'currency') {
      qb.addSelect(`MIN(${alias}.customer_id)`, 'customer_id').addGroupBy(key(`${alias}.customer_id`));
    }
    if (grain === 'month') {
      // Calendar dates read as `YYYY-MM-DD` text on both engines: the month is its first 7 characters.
      const month = `SUBSTR(${alias}.date, 1, 7)`;
      qb.addSelect(`MIN(${month})`, 'month').addGroupBy(key(month));
    }
    if (filter.currency !== undefined) qb.andWhere(`${alias}.currency = :currency`, { currency: filter.currency });
    if (filter.group === null) {
      qb.andWhere(
        `${key(`${alias}.customer_id`)} NOT IN (SELECT ${key('grouped.customer_id')} FROM customer_group_members grouped)`,
      );
    } else if (filter.group !== undefined) {
      qb.andWhere(
        `${key(`${alias}.customer_id`)} IN (SELECT ${key('grouped.customer_id')} FROM customer_group_members grouped WHERE grouped.group_id = :groupId)`,
        { groupId: filter.group },
      );
    }
    return this.access.restrict(qb, actor, `${alias}.customer_id`);
  }

  /**
   * An identifier or code compared byte by byte, for grouping and set membership: ids and
   * currency codes are ASCII, and MySQL's case- and accent-insensitive utf8mb4 collations
   * make hashing and comparing them several times slower (SQLite compares bytes already).
   * Grouped values are read back through MIN(), which every engine accepts with any GROUP BY.
   */
  private readonly key = (expression: string): string =>
    this.connection.isSqlite ? expression : `CAST(${expression} AS BINARY)`;

  private queryBuilder(): SelectQueryBuilder<ObjectLiteral> {
    return this.connection.manager.createQueryBuilder();
  }
}
