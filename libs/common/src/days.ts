import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';
import { TextField } from './text-field';

/** A calendar day between the years 1000 and 9999 (what both databases store as DATE), `YYYY-MM-DD`. */
export const DAY_PATTERN = '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$';
const DAY = new RegExp(DAY_PATTERN);

/** The OpenAPI schema of a `YYYY-MM-DD` property in an answer. */
export const DAY_SCHEMA = { type: 'string', format: 'date', maxLength: 10, pattern: DAY_PATTERN } as const;

/** A `YYYY-MM-DD` property of a request that names a real calendar day. */
export function DayField(options: { example: string; optional?: boolean; description?: string }): PropertyDecorator {
  return applyDecorators(
    TextField({
      max: 10,
      pattern: DAY_PATTERN,
      format: 'date',
      optional: options.optional,
      example: options.example,
      description: options.description,
    }),
    Matches(DAY),
    IsISO8601({ strict: true, strictSeparator: true }),
  );
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD`, between the years 1000 and 9999. */
export function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than using one,
 * and documents ask for today's date on every read (a CPU profile of an invoice read showed it
 * at 5% of the process). The company has one time zone; the bound only guards against many.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_DAY_FORMATS = 64;

function dayFormatIn(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormats.size >= MAX_DAY_FORMATS) dayFormats.clear();
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** Today's date in an IANA time zone, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dayFormatIn(timeZone).format(now);
}

/** The calendar day `days` after `day` (`YYYY-MM-DD`); null beyond the year 9999. */
export function addDays(day: string, days: number): string | null {
  const [year, month, date] = day.split('-').map(Number);
  const next = new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
  return isDay(next) ? next : null;
}
