import { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DAY_SCHEMA, DayField, PageOf, PageQueryDto, textPattern } from '@app/common';
import { REPORT_PERIODS, type ReportPeriodName } from '../report-period';

const CURRENCY_PATTERN = '^[A-Z]{3}$';
const CURRENCY = new RegExp(CURRENCY_PATTERN);
const AMOUNT = {
  type: 'string',
  maxLength: 40,
  pattern: '^-?[0-9]{1,30}(\\.[0-9]{1,10})?$',
  example: '1250.00',
  description: "A decimal string with the currency's decimals",
} as const;
const COUNT = { type: 'integer', format: 'int64', minimum: 0, maximum: 9007199254740991 } as const;
const GROUP_ID = {
  type: 'string',
  format: 'uuid',
  maxLength: 36,
  nullable: true,
  description: 'The customer group; null for customers in no group',
} as const;
const CURRENCY_CODE = { type: 'string', maxLength: 3, pattern: CURRENCY_PATTERN, example: 'EUR' } as const;
const MAX_ROWS = 100000;
const NAME = { type: 'string', maxLength: 191, pattern: textPattern() } as const;

/** The period and currency parameters every report takes, added to `Base`'s. */
function WithPeriod<B extends Type<object>>(Base: B) {
  class PeriodQuery extends Base {
    @ApiPropertyOptional({
      enum: REPORT_PERIODS,
      default: 'this_year',
      description:
        "In the company time zone (setting `timezone`): this_month and this_year are the whole current month and year; last_month and last_year the previous ones; last_N_months the N whole calendar months before the current one (the current month excluded); custom needs `from` and `to` (both included, at most 10 years). The answer's `period` says which days were counted.",
    })
    @IsOptional()
    @IsIn(REPORT_PERIODS)
    period?: ReportPeriodName;

    @DayField({ optional: true, example: '2026-01-01', description: 'First day of a custom period (included)' })
    from?: string;

    @DayField({ optional: true, example: '2026-03-31', description: 'Last day of a custom period (included)' })
    to?: string;

    @ApiPropertyOptional({ ...CURRENCY_CODE, description: 'Only figures in this currency (ISO 4217)' })
    @IsOptional()
    @Matches(CURRENCY)
    currency?: string;
  }
  return PeriodQuery;
}

class NoParameters {}

export class GroupReportQueryDto extends WithPeriod(NoParameters) {
  @ApiPropertyOptional({
    ...CURRENCY_CODE,
    description:
      "Also convert every figure into this currency with each currency's latest stored rate on or before the period's end (422 when one is missing)",
  })
  @IsOptional()
  @Matches(CURRENCY)
  convertTo?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv', 'pdf'],
    default: 'json',
    description: 'csv: one line per group and currency; pdf: a bar chart per currency, the table, the period and rates',
  })
  @IsOptional()
  @IsIn(['json', 'csv', 'pdf'])
  format?: 'json' | 'csv' | 'pdf';
}

export class ReportPeriodDto {
  @ApiProperty({ ...DAY_SCHEMA, description: 'First day counted' })
  from: string;

  @ApiProperty({ ...DAY_SCHEMA, description: 'Last day counted' })
  to: string;
}

export class GroupReportRowDto {
  @ApiProperty(GROUP_ID)
  groupId: string | null;

  @ApiProperty({ ...NAME, nullable: true, description: 'null for customers in no group' })
  groupName: string | null;

  @ApiProperty(CURRENCY_CODE)
  currency: string;

  @ApiProperty({ ...AMOUNT, description: 'Payments dated in the period, on invoices not cancelled' })
  received: string;

  @ApiProperty({ ...AMOUNT, description: 'Totals of the invoices dated in the period, neither draft nor cancelled' })
  invoiced: string;

  @ApiProperty({ ...COUNT, description: 'Distinct customers with a payment or an invoice in the row' })
  customers: number;
}

export class CurrencyTotalDto {
  @ApiProperty(CURRENCY_CODE)
  currency: string;

  @ApiProperty({ ...AMOUNT, description: 'Every payment once' })
  received: string;

  @ApiProperty(AMOUNT)
  invoiced: string;
}

export class SeriesPointDto {
  @ApiProperty({ type: 'string', maxLength: 7, pattern: '^[0-9]{4}-[0-9]{2}$', example: '2026-01' })
  month: string;

  @ApiProperty(GROUP_ID)
  groupId: string | null;

  @ApiProperty(CURRENCY_CODE)
  currency: string;

  @ApiProperty(AMOUNT)
  received: string;

  @ApiProperty(AMOUNT)
  invoiced: string;
}

export class RateUsedDto {
  @ApiProperty(CURRENCY_CODE)
  currency: string;

  @ApiProperty({
    type: 'string',
    maxLength: 32,
    pattern: '^[0-9]{1,15}(\\.[0-9]{1,8})?$',
    example: '1.08',
    description: 'Units of the default currency per unit; 1 for the default currency',
  })
  rate: string;

  @ApiProperty({
    ...DAY_SCHEMA,
    nullable: true,
    description: 'The day of the stored rate; null for the default currency',
  })
  date: string | null;
}

export class ConvertedRowDto {
  @ApiProperty(GROUP_ID)
  groupId: string | null;

  @ApiProperty({ ...NAME, nullable: true })
  groupName: string | null;

  @ApiProperty(AMOUNT)
  received: string;

  @ApiProperty(AMOUNT)
  invoiced: string;

  @ApiProperty({ ...COUNT, description: 'Distinct customers of the row (a customer has one currency)' })
  customers: number;
}

export class ConvertedTotalDto {
  @ApiProperty(AMOUNT)
  received: string;

  @ApiProperty(AMOUNT)
  invoiced: string;
}

export class ConvertedReportDto {
  @ApiProperty(CURRENCY_CODE)
  currency: string;

  @ApiProperty({ type: [RateUsedDto], maxItems: 1000 })
  rates: RateUsedDto[];

  @ApiProperty({ type: [ConvertedRowDto], maxItems: MAX_ROWS, description: 'Ranked by received, then by name' })
  rows: ConvertedRowDto[];

  @ApiProperty({ type: ConvertedTotalDto })
  total: ConvertedTotalDto;
}

@ApiExtraModels(ConvertedReportDto)
export class GroupReportDto {
  @ApiProperty({ type: ReportPeriodDto })
  period: ReportPeriodDto;

  @ApiProperty({
    type: [GroupReportRowDto],
    maxItems: MAX_ROWS,
    description: 'Per group and currency, ranked by received within each currency (ties by name)',
  })
  rows: GroupReportRowDto[];

  @ApiProperty({ type: [CurrencyTotalDto], maxItems: 1000 })
  totals: CurrencyTotalDto[];

  @ApiPropertyOptional({ type: ConvertedReportDto, description: 'With convertTo only' })
  converted?: ConvertedReportDto;

  @ApiProperty({ type: [SeriesPointDto], maxItems: MAX_ROWS, description: 'Per month, group and currency' })
  series: SeriesPointDto[];
}

export class GroupCustomerDto {
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36 })
  customerId: string;

  @ApiProperty(NAME)
  company: string;

  @ApiProperty(CURRENCY_CODE)
  currency: string;

  @ApiProperty(AMOUNT)
  received: string;

  @ApiProperty(AMOUNT)
  invoiced: string;
}

/** The drill-down: the report's period and currency, and a page. */
export class GroupCustomersQueryDto extends WithPeriod(PageQueryDto) {}

export class GroupCustomerPageDto extends PageOf(GroupCustomerDto) {}
