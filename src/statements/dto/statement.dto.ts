import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { COMPANY_MAX, DAY_SCHEMA, DayField, TEXT_PATTERN } from '@app/common';
import { PAYMENT_MODE_PATTERN } from '../../settings/dto/settings.dto';
import { AMOUNT } from '../../documents/dto/sales-document.dto';
import { STATEMENT_LINE_TYPES, type StatementLineType } from '../statement';

/** A document's number: the series prefix and its digits. */
const NUMBER_PATTERN = '^[A-Za-z0-9._/#-]*[0-9]+$';

export const STATEMENT_FORMATS = ['json', 'pdf', 'csv'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** The range of a statement. */
export class StatementRangeDto {
  @DayField({
    example: '2026-01-01',
    optional: true,
    description: "The first day. Default: the first day of `to`'s month",
  })
  from?: string;

  @DayField({
    example: '2026-03-31',
    optional: true,
    description: "The last day. Default: today in the company's time zone",
  })
  to?: string;
}

export class StatementQueryDto extends StatementRangeDto {
  @ApiPropertyOptional({
    enum: STATEMENT_FORMATS,
    default: 'json',
    description: 'pdf: a printable statement; csv: its lines',
  })
  @IsOptional()
  @IsIn(STATEMENT_FORMATS)
  format?: StatementFormat;
}

export class StatementLineDto {
  @ApiProperty({ enum: STATEMENT_LINE_TYPES })
  type: StatementLineType;
  @ApiProperty({ ...DAY_SCHEMA, example: '2026-01-15' })
  date: string;
  @ApiProperty({
    format: 'uuid',
    maxLength: 36,
    description: 'The invoice, payment, credit note or credit application',
  })
  id: string;
  @ApiProperty({
    type: 'string',
    maxLength: 40,
    nullable: true,
    pattern: NUMBER_PATTERN,
    example: 'INV-000042',
    description: "The invoice's or credit note's number (a credit application: its note's)",
  })
  number: string | null;
  @ApiProperty({
    type: 'string',
    maxLength: 40,
    nullable: true,
    pattern: NUMBER_PATTERN,
    example: 'INV-000042',
    description: 'The invoice a payment or applied credit settles',
  })
  invoiceNumber: string | null;
  @ApiProperty({ ...DAY_SCHEMA, nullable: true, example: '2026-02-14', description: "An invoice's due date" })
  dueDate: string | null;
  @ApiProperty({
    type: 'string',
    maxLength: 32,
    nullable: true,
    pattern: PAYMENT_MODE_PATTERN,
    example: 'bank',
    description: "A payment's mode",
  })
  mode: string | null;
  @ApiProperty({ ...AMOUNT, description: "The document's own amount (a credit note's: the credit it gives)" })
  amount: string;
  @ApiProperty({ ...AMOUNT, description: 'What it adds to the balance' })
  charge: string;
  @ApiProperty({ ...AMOUNT, description: 'What it takes off the balance (a credit note: nothing until applied)' })
  credit: string;
  @ApiProperty({ ...AMOUNT, description: 'The balance after it' })
  balance: string;
}

export class StatementTotalsDto {
  @ApiProperty({ ...AMOUNT, description: 'Invoices in the range' })
  invoiced: string;
  @ApiProperty({ ...AMOUNT, description: 'Payments in the range' })
  paid: string;
  @ApiProperty({ ...AMOUNT, description: 'Credit applied to invoices in the range' })
  credited: string;
  @ApiProperty({
    ...AMOUNT,
    description: "The balance at `to`: the sum of the invoices' amounts due on that day",
  })
  balanceDue: string;
}

export class StatementAgingDto {
  @ApiProperty({ ...AMOUNT, description: 'Not yet due at `to`' })
  current: string;
  @ApiProperty({ ...AMOUNT, description: '1 to 30 days past due' })
  days1To30: string;
  @ApiProperty({ ...AMOUNT, description: '31 to 60 days past due' })
  days31To60: string;
  @ApiProperty({ ...AMOUNT, description: '61 to 90 days past due' })
  days61To90: string;
  @ApiProperty({ ...AMOUNT, description: 'More than 90 days past due' })
  over90: string;
}

/** A customer's statement of account. */
export class StatementDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  customerId: string;
  @ApiProperty({ maxLength: COMPANY_MAX, pattern: TEXT_PATTERN, example: 'Weber Logistik GmbH' })
  company: string;
  @ApiProperty({
    maxLength: 3,
    pattern: '^[A-Z]{3}$',
    example: 'EUR',
    description: "The customer's currency: every amount is in it",
  })
  currency: string;
  @ApiProperty({ ...DAY_SCHEMA, example: '2026-01-01' })
  from: string;
  @ApiProperty({ ...DAY_SCHEMA, example: '2026-03-31' })
  to: string;
  @ApiProperty({ ...AMOUNT, description: 'The balance before `from`' })
  openingBalance: string;
  @ApiProperty({
    type: [StatementLineDto],
    maxItems: 1000000,
    description: 'In date order, each with the balance after it',
  })
  lines: StatementLineDto[];
  @ApiProperty({ type: StatementTotalsDto })
  totals: StatementTotalsDto;
  @ApiProperty({
    ...AMOUNT,
    description: 'Credit issued by `to` not yet applied to an invoice (not in the balance due)',
  })
  unappliedCredit: string;
  @ApiProperty({ type: StatementAgingDto, description: 'The balance due at `to` by days past due' })
  aging: StatementAgingDto;
}
