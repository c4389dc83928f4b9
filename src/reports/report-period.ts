import { addDays, invalidField, isDay, todayIn } from '@app/common';

export const REPORT_PERIODS = [
  'this_month',
  'last_month',
  'last_3_months',
  'last_6_months',
  'last_12_months',
  'this_year',
  'last_year',
  'custom',
] as const;
export type ReportPeriodName = (typeof REPORT_PERIODS)[number];

/** The longest custom range: ten years (`to` before the day ten years after `from`). */
export const MAX_RANGE_YEARS = 10;

/** A range of calendar days, both ends included, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export interface PeriodQuery {
  period?: ReportPeriodName;
  from?: string;
  to?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The first day of the month `offset` months after the month of `year`-`month` (1-based month). */
function monthStart(year: number, month: number, offset = 0): string {
  const index = year * 12 + (month - 1) + offset;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}

/** The last day of the month before the one starting on `start`. */
const dayBefore = (start: string): string => addDays(start, -1) as string;

/** `count` whole calendar months ending with the month before the one that starts on `currentStart`. */
function wholeMonthsBefore(year: number, month: number, count: number): DayRange {
  return { from: monthStart(year, month, -count), to: dayBefore(monthStart(year, month)) };
}

/**
 * The calendar days a report covers, on the company's calendar (`today` in its time zone):
 * `this_month` and `this_year` are the whole current month and year (days still ahead
 * included), `last_month` and `last_year` the previous whole ones, and `last_N_months` the
 * N whole calendar months before the current one (the current month is not included:
 * figures of a month still under way would make the months unequal). `custom` is `from` to
 * `to`, both included. Bad combinations are a 400 naming the parameter.
 */
export function resolvePeriod(query: PeriodQuery, today: string): DayRange {
  const period = query.period ?? 'this_year';
  if (period !== 'custom') {
    if (query.from !== undefined) throw invalidField('from', 'onlyWithCustomPeriod');
    if (query.to !== undefined) throw invalidField('to', 'onlyWithCustomPeriod');
  }
  const [year, month] = today.split('-').map(Number);
  switch (period) {
    case 'this_month':
      return { from: monthStart(year, month), to: dayBefore(monthStart(year, month, 1)) };
    case 'last_month':
      return wholeMonthsBefore(year, month, 1);
    case 'last_3_months':
      return wholeMonthsBefore(year, month, 3);
    case 'last_6_months':
      return wholeMonthsBefore(year, month, 6);
    case 'last_12_months':
      return wholeMonthsBefore(year, month, 12);
    case 'this_year':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case 'last_year':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case 'custom':
      return customRange(query);
  }
}

function customRange({ from, to }: PeriodQuery): DayRange {
  if (from === undefined) throw invalidField('from', 'requiredForCustomPeriod');
  if (to === undefined) throw invalidField('to', 'requiredForCustomPeriod');
  if (!isDay(from)) throw invalidField('from', 'isDateString');
  if (!isDay(to)) throw invalidField('to', 'isDateString');
  if (from > to) throw invalidField('from', 'notAfterTo');
  const [year, month, day] = from.split('-').map(Number);
  const limit = `${year + MAX_RANGE_YEARS}-${pad(month)}-${pad(day)}`;
  if (to >= limit) throw invalidField('to', 'rangeTooLong', String(MAX_RANGE_YEARS));
  return { from, to };
}

/** The period of a report asked today in the company's time zone. */
export function periodIn(query: PeriodQuery, timeZone: string, now = new Date()): DayRange {
  return resolvePeriod(query, todayIn(timeZone, now));
}
