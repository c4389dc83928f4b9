import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ListQuery, Page, addDays, page } from '@app/common';
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
 * What one row of the activity stands for: a customer's figures in a currency, a group's
 * (null: customers in no group) per month and currency, or a currency's figures (all
 * customers together).
 */
type Grain = 'customer' | 'month' | 'currency';

/** Invoices that count as invoiced; payments count unless their invoice is cancelled. */
const NOT_INVOICED = ['draft', 'cancelled'];
const CANCELLED = 'cancelled';
/**
 * A cancelled invoice that holds money paid or credited: the application cancels none such,
 * so it was cancelled outside it, and the revenue per month still counts it and its payments.
 */
const VOIDED_HOLDING_MONEY = (alias: string) =>
  `${alias}.status = :cancelled AND ${alias}.amount_paid + ${alias}.amount_credited > 0`;

/**
 * The report's SQL: aggregates over other modules' tables (revenue per customer and month,
 * payments, invoices, group memberships, groups, customers, currencies, exchange rates),
 * read by table name, grouped in the database and answered as raw rows; nothing here writes.
 *
 * Every figure starts from one "activity" derived table: per customer and currency (per
 * month too for the series, per currency alone for the totals), what was received (payments
 * on invoices not cancelled) and invoiced (invoices neither drafts nor cancelled) in the
 * range, and how many documents make it. The whole months of the range are read from the
 * revenue per customer and month (one row per customer and month instead of every
 * document); see `fromActivity`. The customer scope of the actor and the report's filters
 * apply inside every branch, so the groups join per customer, not per document.
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
      .having('SUM(activity.documents) > 0')
      .getRawMany();
  }

  /** Per month (`YYYY-MM`), group and currency. */
  async series(actor: StaffActor, filter: ReportFilter): Promise<SeriesRaw[]> {
    const key = this.key;
    const rows: Array<SeriesRaw & { month: number | string }> = await this.fromActivity(actor, filter, 'month')
      .select('activity.month', 'month')
      .addSelect('MIN(activity.group_id)', 'groupId')
      .addSelect('MIN(activity.currency)', 'currency')
      .addSelect('SUM(activity.received)', 'received')
      .addSelect('SUM(activity.invoiced)', 'invoiced')
      .groupBy('activity.month')
      .addGroupBy(key('activity.group_id'))
      .addGroupBy(key('activity.currency'))
      .having('SUM(activity.documents) > 0')
      .getRawMany();
    return rows.map((row) => ({ ...row, month: monthText(Number(row.month)) }));
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

  /**
   * A query reading from the activity (`activity`), in the current transaction if any. Each
   * row holds `received`, `invoiced` and `documents` (how many payments and invoices make
   * them) per `grain`. The whole months of the range come from the revenue per customer and
   * month that the invoices module keeps, less what it still counts of invoices cancelled
   * outside the application (the application cancels only invoices with nothing paid or
   * credited, so those are the cancelled invoices that hold money: few, found by an index);
   * the days of a month the range covers only in part (a custom range) come from the
   * payments and invoices themselves. Per customer, the rows are netted first, and a customer
   * left with no document is left out.
   */
  private fromActivity(actor: StaffActor, filter: ReportFilter, grain: Grain): SelectQueryBuilder<ObjectLiteral> {
    const { months, days } = splitRange(filter.range);
    const branches: Array<SelectQueryBuilder<ObjectLiteral>> = [];
    if (months !== null) {
      const whole = { from: firstDay(months.monthFrom), to: addDays(firstDay(nextMonth(months.monthTo)), -1)! };
      branches.push(
        this.revenueBranch(actor, filter, grain, months),
        this.paymentsBranch(actor, filter, grain, whole, 'm', 'cancelled'),
        this.invoicesBranch(actor, filter, grain, whole, 'm', 'cancelled'),
      );
    }
    days.forEach((range, index) => {
      branches.push(
        this.paymentsBranch(actor, filter, grain, range, String(index), 'counted'),
        this.invoicesBranch(actor, filter, grain, range, String(index), 'counted'),
      );
    });
    const union = this.queryBuilder()
      .from(`(${branches.map((branch) => branch.getQuery()).join(' UNION ALL ')})`, 'activity')
      .setParameters(Object.assign({}, ...branches.map((branch) => branch.getParameters())));
    if (grain !== 'customer') return union;
    const netted = union
      .select('MIN(activity.customer_id)', 'customer_id')
      .addSelect('MIN(activity.currency)', 'currency')
      .addSelect('SUM(activity.received)', 'received')
      .addSelect('SUM(activity.invoiced)', 'invoiced')
      .groupBy(this.key('activity.customer_id'))
      .addGroupBy(this.key('activity.currency'))
      .having('SUM(activity.documents) > 0');
    return this.queryBuilder().from(`(${netted.getQuery()})`, 'activity').setParameters(netted.getParameters());
  }

  /**
   * The revenue table's rows of whole months, per `grain`. Per customer it is grouped in the
   * order of its primary key (customer, currency, month) on MySQL, which walks the key
   * without a temporary table.
   */
  private revenueBranch(
    actor: StaffActor,
    filter: ReportFilter,
    grain: Grain,
    months: MonthRange,
  ): SelectQueryBuilder<ObjectLiteral> {
    const qb = this.queryBuilder()
      .from('revenue_months', 'revenue')
      .where('revenue.month >= :monthFrom AND revenue.month <= :monthTo', months);
    this.scoped(qb, actor, filter, 'revenue');
    if (grain === 'month') {
      qb.select('MIN(member.group_id)', 'group_id')
        .addSelect('MIN(revenue.currency)', 'currency')
        .addSelect('MIN(revenue.month)', 'month')
        .leftJoin('customer_group_members', 'member', 'member.customer_id = revenue.customer_id')
        .groupBy('revenue.month')
        .addGroupBy(this.key('member.group_id'))
        .addGroupBy(this.key('revenue.currency'));
    } else if (grain === 'customer') {
      qb.select('MIN(revenue.customer_id)', 'customer_id')
        .addSelect('MIN(revenue.currency)', 'currency')
        .groupBy('revenue.customer_id')
        .addGroupBy('revenue.currency')
        .useIndex('PRIMARY');
    } else {
      qb.select('MIN(revenue.currency)', 'currency').groupBy(this.key('revenue.currency'));
    }
    return qb
      .addSelect('SUM(revenue.received)', 'received')
      .addSelect('SUM(revenue.invoiced)', 'invoiced')
      .addSelect('SUM(revenue.payments) + SUM(revenue.invoices)', 'documents');
  }

  /**
   * Payments dated in `range`: those `counted` as received (their invoice not cancelled), or,
   * taken away from the revenue table's, those on invoices `cancelled` outside the application.
   */
  private paymentsBranch(
    actor: StaffActor,
    filter: ReportFilter,
    grain: Grain,
    range: DayRange,
    suffix: string,
    which: 'counted' | 'cancelled',
  ): SelectQueryBuilder<ObjectLiteral> {
    const qb = this.branch(actor, filter, grain, range, suffix, 'payment', 'payments');
    if (which === 'counted') {
      return qb
        .addSelect('SUM(payment.amount)', 'received')
        .addSelect('0', 'invoiced')
        .addSelect('COUNT(*)', 'documents')
        .andWhere(
          `${this.key('payment.invoice_id')} NOT IN (SELECT ${this.key('cancelled.id')} FROM invoices cancelled WHERE cancelled.status = :cancelled)`,
          { cancelled: CANCELLED },
        );
    }
    return qb
      .addSelect('-SUM(payment.amount)', 'received')
      .addSelect('0', 'invoiced')
      .addSelect('-COUNT(*)', 'documents')
      .innerJoin('invoices', 'voided', `voided.id = payment.invoice_id AND ${VOIDED_HOLDING_MONEY('voided')}`, {
        cancelled: CANCELLED,
      });
  }

  /**
   * Invoices dated in `range`: those `counted` as invoiced (neither drafts nor cancelled), or,
   * taken away from the revenue table's, those `cancelled` outside the application.
   */
  private invoicesBranch(
    actor: StaffActor,
    filter: ReportFilter,
    grain: Grain,
    range: DayRange,
    suffix: string,
    which: 'counted' | 'cancelled',
  ): SelectQueryBuilder<ObjectLiteral> {
    const qb = this.branch(actor, filter, grain, range, suffix, 'invoice', 'invoices');
    if (which === 'counted') {
      return qb
        .addSelect('0', 'received')
        .addSelect('SUM(invoice.total)', 'invoiced')
        .addSelect('COUNT(*)', 'documents')
        .andWhere('invoice.status NOT IN (:...notInvoiced)', { notInvoiced: NOT_INVOICED });
    }
    return qb
      .addSelect('0', 'received')
      .addSelect('-SUM(invoice.total)', 'invoiced')
      .addSelect('-COUNT(*)', 'documents')
      .andWhere(VOIDED_HOLDING_MONEY('invoice'), { cancelled: CANCELLED })
      .useIndex('ix_invoices_status_settled');
  }

  /** One branch of the activity: a table's rows in the days `range`, filtered and scoped, per `grain`. */
  private branch(
    actor: StaffActor,
    filter: ReportFilter,
    grain: Grain,
    range: DayRange,
    suffix: string,
    alias: string,
    table: string,
  ): SelectQueryBuilder<ObjectLiteral> {
    const key = this.key;
    const qb = this.queryBuilder()
      .from(table, alias)
      .where(`${alias}.date >= :from${suffix} AND ${alias}.date <= :to${suffix}`, {
        [`from${suffix}`]: range.from,
        [`to${suffix}`]: range.to,
      });
    if (grain === 'customer') {
      qb.addSelect(`MIN(${alias}.customer_id)`, 'customer_id').addGroupBy(key(`${alias}.customer_id`));
    }
    if (grain === 'month') {
      qb.addSelect('MIN(member.group_id)', 'group_id')
        .leftJoin('customer_group_members', 'member', `member.customer_id = ${alias}.customer_id`)
        .addGroupBy(key('member.group_id'));
    }
    qb.addSelect(`MIN(${alias}.currency)`, 'currency').addGroupBy(key(`${alias}.currency`));
    if (grain === 'month') {
      const month = this.monthOf(`${alias}.date`);
      qb.addSelect(`MIN(${month})`, 'month').addGroupBy(month);
    }
    return this.scoped(qb, actor, filter, alias);
  }

  /** The report's filters (currency, group or none) and the actor's customer scope, on a branch of the activity. */
  private scoped(
    qb: SelectQueryBuilder<ObjectLiteral>,
    actor: StaffActor,
    filter: ReportFilter,
    alias: string,
  ): SelectQueryBuilder<ObjectLiteral> {
    const key = this.key;
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

  /** The month of a calendar date as the revenue table stores it: the integer `yyyymm`. */
  private monthOf(date: string): string {
    return this.connection.isSqlite
      ? `CAST(strftime('%Y%m', ${date}) AS INTEGER)`
      : `(YEAR(${date}) * 100 + MONTH(${date}))`;
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

/** A range of whole months, `yyyymm` both included. */
interface MonthRange {
  monthFrom: number;
  monthTo: number;
}

/** `yyyymm` → `YYYY-MM`. */
const monthText = (month: number): string =>
  `${String(Math.floor(month / 100)).padStart(4, '0')}-${String(month % 100).padStart(2, '0')}`;
const monthNumber = (day: string): number => Number(day.slice(0, 4)) * 100 + Number(day.slice(5, 7));
const nextMonth = (month: number): number => (month % 100 === 12 ? month + 89 : month + 1);
const previousMonth = (month: number): number => (month % 100 === 1 ? month - 89 : month - 1);
const firstDay = (month: number): string => `${monthText(month)}-01`;

/**
 * The whole calendar months a range covers (null: none), and the days left at either end
 * (the part of a month it covers only in part).
 */
export function splitRange(range: DayRange): { months: MonthRange | null; days: DayRange[] } {
  const first = monthNumber(range.from);
  const last = monthNumber(range.to);
  const monthFrom = range.from.endsWith('-01') ? first : nextMonth(first);
  const monthTo = addDays(range.to, 1)!.endsWith('-01') ? last : previousMonth(last);
  if (monthFrom > monthTo) return { months: null, days: [range] };
  const days: DayRange[] = [];
  if (monthFrom !== first) days.push({ from: range.from, to: addDays(firstDay(monthFrom), -1)! });
  if (monthTo !== last) days.push({ from: firstDay(nextMonth(monthTo)), to: range.to });
  return { months: { monthFrom, monthTo }, days };
}
