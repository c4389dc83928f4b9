import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import {
  DAY_SCHEMA,
  DayField,
  PageOf,
  ProblemDetailsDto,
  TextField,
  decimalMaxLength,
  decimalPattern,
} from '@app/common';
import {
  AMOUNT,
  DocumentAddressesUpdateDto,
  DocumentItemDto,
  DocumentItems,
  DocumentListQueryDto,
  DocumentNumber,
  SalesDocumentDto,
} from '../../documents/dto/sales-document.dto';
import { PAYMENT_AMOUNT_FORMAT } from '../../invoices/dto/payment.dto';
import { SAMPLE_CUSTOMER } from '../../invoices/dto/invoice.dto';
import { CREDIT_NOTE_STATUSES, type CreditNoteStatus } from '../credit-note.entity';

const SAMPLE_INVOICE = '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d1f';

export class CreateCreditNoteDto {
  @ApiProperty({ example: SAMPLE_CUSTOMER, format: 'uuid', maxLength: 36 })
  @IsUUID()
  customerId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    maxLength: 36,
    example: SAMPLE_INVOICE,
    description: "The invoice the credit note is issued for: one of the customer's (nothing is applied to it by this)",
  })
  @IsOptional()
  @IsUUID()
  invoiceId?: string;

  @DayField({ example: '2026-01-20', optional: true, description: "Default: today in the company's time zone" })
  date?: string;

  @DocumentItems(true)
  items: DocumentItemDto[];
}

export class UpdateCreditNoteDto extends DocumentAddressesUpdateDto {
  @DayField({ example: '2026-01-21', optional: true })
  date?: string;

  @DocumentItems(false)
  items?: DocumentItemDto[];
}

export class ApplyCreditDto {
  @ApiProperty({
    format: 'uuid',
    maxLength: 36,
    example: SAMPLE_INVOICE,
    description: "An unpaid or partially paid invoice of the credit note's customer",
  })
  @IsUUID()
  invoiceId: string;

  @TextField({
    example: '25.00',
    max: decimalMaxLength(PAYMENT_AMOUNT_FORMAT),
    pattern: decimalPattern(PAYMENT_AMOUNT_FORMAT),
    description:
      "A decimal string above zero, with at most the currency's decimals; at most what the credit note has left and what the invoice has due",
  })
  @Matches(new RegExp(decimalPattern(PAYMENT_AMOUNT_FORMAT)))
  amount: string;

  @DayField({ example: '2026-01-22', optional: true, description: "Default: today in the company's time zone" })
  date?: string;
}

export class CreditApplicationDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  invoiceId: string;
  @ApiProperty(AMOUNT)
  amount: string;
  @ApiProperty(DAY_SCHEMA)
  date: string;
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36, nullable: true })
  createdBy: string | null;
  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt: string;
}

/** Credit applied to an invoice, as its customer sees it. */
export class AppliedCreditDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  creditNoteId: string;
  @ApiProperty({ type: 'string', maxLength: 40, nullable: true, example: 'CN-000042' })
  creditNoteNumber: string | null;
  @ApiProperty(AMOUNT)
  amount: string;
  @ApiProperty(DAY_SCHEMA)
  date: string;
}

export class CreditNoteDto extends SalesDocumentDto {
  @DocumentNumber('CN-000042')
  number: string | null;
  @ApiProperty({ enum: CREDIT_NOTE_STATUSES, description: 'open while credit remains, closed once all is applied' })
  status: CreditNoteStatus;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    maxLength: 36,
    nullable: true,
    description: 'The invoice it was issued for',
  })
  invoiceId: string | null;
  @ApiProperty({ ...AMOUNT, description: 'Credit applied to invoices' })
  amountApplied: string;
  @ApiProperty({ ...AMOUNT, description: 'Credit left to apply (0 when void)' })
  amountRemaining: string;
  @ApiProperty({ type: [CreditApplicationDto], maxItems: 1000, description: 'Where the credit went, oldest first' })
  applications: CreditApplicationDto[];
}

export class CreditNotePageDto extends PageOf(CreditNoteDto) {}

export class CreditNoteListQueryDto extends DocumentListQueryDto {
  @ApiPropertyOptional({ enum: CREDIT_NOTE_STATUSES })
  @IsOptional()
  @IsIn(CREDIT_NOTE_STATUSES)
  status?: CreditNoteStatus;
}

/** 409 of a change the credit note's status or balance does not allow. */
export class CreditNoteConflictProblemDto extends ProblemDetailsDto {
  @ApiPropertyOptional({ enum: CREDIT_NOTE_STATUSES, example: 'closed', description: 'The status the note has' })
  currentStatus?: CreditNoteStatus;
  @ApiPropertyOptional({ ...AMOUNT, example: '15.00', description: 'CREDIT_EXCEEDS_REMAINING: the credit left' })
  amountRemaining?: string;
  @ApiPropertyOptional({
    ...AMOUNT,
    example: '40.00',
    description: 'CREDIT_EXCEEDS_AMOUNT_DUE: what the invoice has due',
  })
  amountDue?: string;
}
