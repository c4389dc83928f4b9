import { Injectable } from '@nestjs/common';
import { CurrencyStyle, formatMinor, mapPage, Page } from '@app/common';
import type { StaffActor } from '../permissions/actor';
import { SettingsService } from '../settings/settings.service';
import {
  ConvertedReportDto,
  GroupCustomerDto,
  GroupCustomersQueryDto,
  GroupReportDto,
  GroupReportQueryDto,
} from './dto/report.dto';
import { Converter, CurrencyFacts } from './report-conversion';
import { DayRange, periodIn } from './report-period';
import { exchangeRateMissing, reportGroupNotFound, unknownCurrency } from './reports.errors';
import { CurrencyRaw, GroupRowRaw, RawSum, ReportFilter, ReportsRepository, TotalRaw } from './reports.repository';

/** How a currency's amounts are written (decimals, separators, symbol), and whether it is the default. */
export type ReportCurrency = CurrencyFacts & CurrencyStyle & { name: string };

/** The group report with what its renderings need besides the JSON answer. */
export interface GroupReport {
  answer: GroupReportDto;
  currencies: ReadonlyMap<string, ReportCurrency>;
}

/** The path segment that names the customers in no group. */
export const UNGROUPED = 'ungrouped';

const minor = (sum: RawSum): bigint => (sum === null ? 0n : BigInt(sum));

/** Rows ranked within each currency by received (desc), then by name, the unnamed (no group) last. */
export function byReceived<
  R extends { currency?: string; received: bigint; groupName: string | null; groupId: string | null },
>(a: R, b: R): number {
  return (
    (a.currency ?? '').localeCompare(b.currency ?? '') ||
    (a.received === b.received ? 0 : a.received > b.received ? -1 : 1) ||
    (a.groupName === null ? 1 : 0) - (b.groupName === null ? 1 : 0) ||
    (a.groupName ?? '').localeCompare(b.groupName ?? '') ||
    (a.groupId ?? '').localeCompare(b.groupId ?? '')
  );
}

/**
 * Revenue by customer group: money received and invoiced per group and currency over a
 * period of the company calendar, for the customers the actor may see. Amounts of different
 * currencies are never added, unless converted with stored exchange rates.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly settings: SettingsService,
  ) {}

  async groupReport(actor: StaffActor, query: GroupReportQueryDto): Promise<GroupReport> {
    const [range, currencies] = await Promise.all([this.period(query), this.currencies()]);
    const filter = this.filterOf(query, range, currencies);
    const target =
      query.convertTo === undefined ? undefined : this.currencyOf(currencies, query.convertTo, 'convertTo');
    const [rows, totals, series] = await Promise.all([
      this.repository.groupRows(actor, filter),
      this.repository.totals(actor, filter),
      this.repository.series(actor, filter),
    ]);
    const format = (currency: string, sum: RawSum) => formatMinor(minor(sum), currencies.get(currency)!.decimals);
    const answer: GroupReportDto = {
      period: range,
      rows: ranked(rows).map((row) => ({
        groupId: row.groupId,
        groupName: row.groupName,
        currency: row.currency,
        received: format(row.currency, row.received),
        invoiced: format(row.currency, row.invoiced),
        customers: Number(row.customers),
      })),
      totals: [...totals]
        .sort((a, b) => a.currency.localeCompare(b.currency))
        .map((total) => ({
          currency: total.currency,
          received: format(total.currency, total.received),
          invoiced: format(total.currency, total.invoiced),
        })),
      series: [...series]
        .sort(
          (a, b) =>
            a.month.localeCompare(b.month) ||
            a.currency.localeCompare(b.currency) ||
            (a.groupId ?? '').localeCompare(b.groupId ?? ''),
        )
        .map((point) => ({
          month: point.month,
          groupId: point.groupId,
          currency: point.currency,
          received: format(point.currency, point.received),
          invoiced: format(point.currency, point.invoiced),
        })),
    };
    if (target) answer.converted = await this.converted(target, currencies, range, rows, totals);
    return { answer, currencies };
  }

  async groupCustomers(
    actor: StaffActor,
    groupId: string,
    query: GroupCustomersQueryDto,
  ): Promise<Page<GroupCustomerDto>> {
    const group = groupId === UNGROUPED ? null : groupId;
    const [range, currencies, exists] = await Promise.all([
      this.period(query),
      this.currencies(),
      group === null ? true : this.repository.groupExists(group),
    ]);
    if (!exists) throw reportGroupNotFound();
    const filter = { ...this.filterOf(query, range, currencies), group };
    const result = await this.repository.groupCustomers(actor, filter, query);
    return mapPage(result, (row) => {
      const decimals = currencies.get(row.currency)!.decimals;
      return {
        customerId: row.customerId,
        company: row.company,
        currency: row.currency,
        received: formatMinor(minor(row.received), decimals),
        invoiced: formatMinor(minor(row.invoiced), decimals),
      };
    });
  }

  private async period(query: GroupReportQueryDto | GroupCustomersQueryDto): Promise<DayRange> {
    const { timezone } = await this.settings.pick(['timezone']);
    return periodIn(query, timezone);
  }

  private filterOf(
    query: { currency?: string },
    range: DayRange,
    currencies: ReadonlyMap<string, ReportCurrency>,
  ): ReportFilter {
    if (query.currency === undefined) return { range };
    return { range, currency: this.currencyOf(currencies, query.currency, 'currency').code };
  }

  private currencyOf(
    currencies: ReadonlyMap<string, ReportCurrency>,
    code: string,
    field: 'currency' | 'convertTo',
  ): ReportCurrency {
    const currency = currencies.get(code);
    if (!currency) throw unknownCurrency(field);
    return currency;
  }

  private async currencies(): Promise<Map<string, ReportCurrency>> {
    const rows = await this.repository.currencies();
    return new Map(rows.map((row) => [row.code, reportCurrency(row)]));
  }

  /**
   * Rows and totals in `target`: each currency's amount times its rate over the target's,
   * with the latest rate on or before the period's end; a missing one is a 422 naming it.
   */
  private async converted(
    target: ReportCurrency,
    currencies: ReadonlyMap<string, ReportCurrency>,
    range: DayRange,
    rows: readonly GroupRowRaw[],
    totals: readonly TotalRaw[],
  ): Promise<ConvertedReportDto> {
    const present = new Set(totals.map((total) => total.currency));
    const wanted = [...new Set([...present, target.code])].filter((code) => !currencies.get(code)!.isDefault);
    const stored = await this.repository.latestRates(wanted, range.to);
    const rates = new Map(stored.map((rate) => [rate.currency, rate.rate]));
    const [missing] = Converter.missingRates(present, target, currencies, rates);
    if (missing !== undefined) throw exchangeRateMissing(missing, range.to);
    const converter = new Converter(target, currencies, rates);
    const used = [...new Set([...present, ...(present.size > 0 ? [target.code] : [])])].sort();
    const dates = new Map(stored.map((rate) => [rate.currency, rate.date]));
    const groups = new Map<string, { groupId: string | null; groupName: string | null; rows: GroupRowRaw[] }>();
    for (const row of rows) {
      const key = row.groupId ?? '';
      if (!groups.has(key)) groups.set(key, { groupId: row.groupId, groupName: row.groupName, rows: [] });
      groups.get(key)!.rows.push(row);
    }
    const sum = (items: ReadonlyArray<GroupRowRaw | TotalRaw>, field: 'received' | 'invoiced') =>
      converter.sum(items.map((item) => ({ currency: item.currency, minor: minor(item[field]) })));
    const convertedRows = [...groups.values()]
      .map((group) => ({
        groupId: group.groupId,
        groupName: group.groupName,
        received: sum(group.rows, 'received'),
        invoiced: sum(group.rows, 'invoiced'),
        customers: group.rows.reduce((count, row) => count + Number(row.customers), 0),
      }))
      .sort(byReceived);
    const format = (amount: bigint) => formatMinor(amount, target.decimals);
    return {
      currency: target.code,
      rates: used
        .filter((code) => currencies.get(code)!.isDefault || rates.has(code))
        .map((code) => ({
          currency: code,
          rate: currencies.get(code)!.isDefault ? '1' : rates.get(code)!,
          date: currencies.get(code)!.isDefault ? null : dates.get(code)!,
        })),
      rows: convertedRows.map((row) => ({
        ...row,
        received: format(row.received),
        invoiced: format(row.invoiced),
      })),
      total: { received: format(sum(totals, 'received')), invoiced: format(sum(totals, 'invoiced')) },
    };
  }
}

function ranked(rows: readonly GroupRowRaw[]): GroupRowRaw[] {
  return rows
    .map((row) => ({
      row,
      received: minor(row.received),
      currency: row.currency,
      groupName: row.groupName,
      groupId: row.groupId,
    }))
    .sort(byReceived)
    .map(({ row }) => row);
}

function reportCurrency(row: CurrencyRaw): ReportCurrency {
  return {
    code: row.code,
    name: row.name,
    symbol: row.symbol,
    decimals: Number(row.decimals),
    decimalSeparator: row.decimalSeparator,
    thousandSeparator: row.thousandSeparator,
    placement: row.placement,
    isDefault: row.isDefault === true || Number(row.isDefault) === 1,
  };
}
