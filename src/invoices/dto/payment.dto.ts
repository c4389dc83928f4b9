import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import {
  DAY_SCHEMA,
  MULTILINE_TEXT_PATTERN,
  DayField,
  DecimalFormat,
  PageOf,
  ProblemDetailsDto,
  SortedListQuery,
  TextField,
  decimalMaxLength,
  decimalPattern,
} from '@app/common';
import { PAYMENT_MODE_MAX, PAYMENT_MODE_PATTERN } from '../../settings/dto/settings.dto';
import { INVOICE_STATUSES } from '../invoice.entity';
import { AMOUNT } from '../../documents/dto/sales-document.dto';

export const NOTE_MAX = 1000;

/** Above zero, at most 4 decimals (the most a currency has); the invoice's currency may allow fewer. */
export const PAYMENT_AMOUNT_FORMAT: DecimalFormat = { decimals: 4, integerDigits: 15, nonZero: true };

const SAMPLE_INVOICE = '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0f';

export class CreatePaymentDto {
  @ApiProperty({
    example: SAMPLE_INVOICE,
    format: 'uuid',
    maxLength: 36,
    description: 'An unpaid or partially paid invoice',
  })
  @IsUUID()
  invoiceId: string;

  @TextField({
    example: '100.00',
    max: decimalMaxLength(PAYMENT_AMOUNT_FORMAT),
    pattern: decimalPattern(PAYMENT_AMOUNT_FORMAT),
    description:
      "A decimal string above zero in the invoice's currency, with at most the currency's decimals; at most the invoice's amount due",
  })
  @Matches(new RegExp(decimalPattern(PAYMENT_AMOUNT_FORMAT)))
  amount: string;

  @DayField({ example: '2026-01-20', optional: true, description: "Default: today in the company's time zone" })
  date?: string;

  @TextField({
    example: 'bank',
    max: PAYMENT_MODE_MAX,
    pattern: PAYMENT_MODE_PATTERN,
    description: 'One of the payment modes of the settings (`paymentModes`)',
  })
  @Matches(new RegExp(PAYMENT_MODE_PATTERN))
  mode: string;

  @TextField({
    example: 'Bank transfer, reference 4711',
    max: NOTE_MAX,
    optional: true,
    nullable: true,
    multiline: true,
  })
  note?: string | null;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  invoiceId: string;
  @ApiProperty({ format: 'uuid', maxLength: 36, description: "The invoice's customer" })
  customerId: string;
  @ApiProperty({ maxLength: 3, pattern: '^[A-Z]{3}$', example: 'EUR', description: "The invoice's currency" })
  currency: string;
  @ApiProperty({
    type: 'string',
    maxLength: 20,
    pattern: '^[0-9]{1,16}(\\.[0-9]{1,4})?$',
    example: '100.00',
    description: "A decimal string with the currency's decimals",
  })
  amount: string;
  @ApiProperty(DAY_SCHEMA)
  date: string;
  @ApiProperty({ maxLength: PAYMENT_MODE_MAX, pattern: PAYMENT_MODE_PATTERN, example: 'bank' })
  mode: string;
  @ApiProperty({ type: 'string', maxLength: NOTE_MAX, pattern: MULTILINE_TEXT_PATTERN, nullable: true })
  note: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  createdBy: string | null;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
}

export class PaymentPageDto extends PageOf(PaymentDto) {}

export class PaymentListQueryDto extends SortedListQuery(['date'], '-date', { search: false }) {
  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: "Only this invoice's payments" })
  @IsOptional()
  @IsUUID()
  invoiceId?: string;

  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: "Only this customer's payments" })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({
    maxLength: PAYMENT_MODE_MAX,
    pattern: PAYMENT_MODE_PATTERN,
    description: 'Only payments of this mode',
  })
  @IsOptional()
  @Matches(new RegExp(PAYMENT_MODE_PATTERN))
  mode?: string;

  @DayField({ example: '2026-01-01', optional: true, description: 'Only payments dated on or after this day' })
  dateFrom?: string;

  @DayField({ example: '2026-12-31', optional: true, description: 'Only payments dated on or before this day' })
  dateTo?: string;
}

/** 409 of a payment the invoice cannot take: its status, or more than it has due. */
export class PaymentConflictProblemDto extends ProblemDetailsDto {
  @ApiPropertyOptional({
    enum: INVOICE_STATUSES,
    example: 'paid',
    description: 'INVOICE_STATUS_CONFLICT: the status the invoice has',
  })
  currentStatus?: string;
  @ApiPropertyOptional({
    ...AMOUNT,
    example: '25.00',
    description: 'PAYMENT_EXCEEDS_AMOUNT_DUE: what the invoice still has due',
  })
  amountDue?: string;
}
