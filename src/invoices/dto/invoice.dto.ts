import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DAY_SCHEMA, DayField, IsOptionalNotNull, PageOf, ProblemDetailsDto } from '@app/common';
import {
  AMOUNT,
  DocumentAddressesUpdateDto,
  DocumentItemDto,
  DocumentItems,
  DocumentListQueryDto,
  DocumentNumber,
  SalesDocumentDto,
} from '../../documents/dto/sales-document.dto';
import { INVOICE_STATUSES, type InvoiceStatus } from '../invoice.entity';

export const SAMPLE_CUSTOMER = '0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e';

export class CreateInvoiceDto {
  @ApiProperty({ example: SAMPLE_CUSTOMER, format: 'uuid', maxLength: 36 })
  @IsUUID()
  customerId: string;

  @ApiPropertyOptional({
    enum: ['draft', 'unpaid'],
    default: 'unpaid',
    example: 'unpaid',
    description: 'draft: no number until it is issued (PATCH status: unpaid)',
  })
  @IsOptionalNotNull()
  @IsIn(['draft', 'unpaid'])
  status?: 'draft' | 'unpaid';

  @DayField({ example: '2026-01-15', optional: true, description: "Default: today in the company's time zone" })
  date?: string;

  @DayField({
    example: '2026-02-14',
    optional: true,
    description: 'Not before `date`; default: `date` plus the setting invoiceDueDays',
  })
  dueDate?: string;

  @DocumentItems(true)
  items: DocumentItemDto[];
}

export class UpdateInvoiceDto extends DocumentAddressesUpdateDto {
  @ApiPropertyOptional({
    enum: ['unpaid'],
    example: 'unpaid',
    description: 'unpaid: issues a draft (it gets its number)',
  })
  @IsOptionalNotNull()
  @IsIn(['unpaid'])
  status?: 'unpaid';

  @DayField({ example: '2026-01-16', optional: true })
  date?: string;

  @DayField({ example: '2026-02-15', optional: true, description: 'Not before `date`' })
  dueDate?: string;

  @DocumentItems(false)
  items?: DocumentItemDto[];
}

export class InvoiceDto extends SalesDocumentDto {
  @DocumentNumber('INV-000042')
  number: string | null;
  @ApiProperty(DAY_SCHEMA)
  dueDate: string;
  @ApiProperty({ enum: INVOICE_STATUSES })
  status: InvoiceStatus;
  @ApiProperty(AMOUNT)
  amountPaid: string;
  @ApiProperty({ ...AMOUNT, description: 'Credit applied from credit notes' })
  amountCredited: string;
  @ApiProperty({ ...AMOUNT, description: 'The total less what has been paid and credited; 0 when cancelled' })
  amountDue: string;
  @ApiProperty({ description: "Unpaid or partially paid, and due before today (in the company's time zone)" })
  isOverdue: boolean;
}

export class InvoicePageDto extends PageOf(InvoiceDto) {}

/** The statuses of an issued invoice: every one but draft (what a customer's contact may see). */
export const ISSUED_INVOICE_STATUSES = INVOICE_STATUSES.filter((status) => status !== 'draft');

export class InvoiceListQueryDto extends DocumentListQueryDto {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;

  @ApiPropertyOptional({
    maxLength: 40,
    pattern: '^[A-Za-z0-9._-]{1,40}$',
    example: 'INV-000042',
    description: 'Only the invoice with this number',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,40}$/)
  number?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      "true: only overdue invoices (unpaid or partially paid, due before today in the company's time zone); false: only the others",
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}

/** 409 of a change the invoice's status does not allow. */
export class InvoiceConflictProblemDto extends ProblemDetailsDto {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES, example: 'paid', description: 'The status the invoice has' })
  currentStatus?: InvoiceStatus;
  @ApiPropertyOptional({
    ...AMOUNT,
    example: '40.00',
    description: 'INVOICE_TOTAL_BELOW_AMOUNT_PAID: what the invoice has been paid and credited',
  })
  amountPaid?: string;
}
