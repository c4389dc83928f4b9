import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DAY_SCHEMA, DayField, IsOptionalNotNull, PageOf, ProblemDetailsDto, TextField } from '@app/common';
import {
  DocumentAddressesUpdateDto,
  DocumentItemDto,
  DocumentItems,
  DocumentListQueryDto,
  DocumentNumber,
  SalesDocumentDto,
} from '../../documents/dto/sales-document.dto';
import { SAMPLE_CUSTOMER } from '../../invoices/dto/invoice.dto';
import { ESTIMATE_STATUSES, type EstimateStatus } from '../estimate.entity';

/** The statuses a request may set: `draft` only on create; `expired` also follows from the expiry date. */
const CREATE_STATUSES = ['draft', 'sent'] as const;
const UPDATE_STATUSES = ['sent', 'accepted', 'declined', 'expired'] as const;

export class CreateEstimateDto {
  @ApiProperty({ example: SAMPLE_CUSTOMER, format: 'uuid', maxLength: 36 })
  @IsUUID()
  customerId: string;

  @ApiPropertyOptional({
    enum: CREATE_STATUSES,
    default: 'sent',
    example: 'sent',
    description: 'draft: no number until it is sent (PATCH status: sent)',
  })
  @IsOptionalNotNull()
  @IsIn(CREATE_STATUSES)
  status?: (typeof CREATE_STATUSES)[number];

  @DayField({ example: '2026-01-15', optional: true, description: "Default: today in the company's time zone" })
  date?: string;

  @DayField({
    example: '2026-02-14',
    optional: true,
    description: 'Not before `date`; default: `date` plus the setting estimateValidityDays',
  })
  expiryDate?: string;

  @DocumentItems(true)
  items: DocumentItemDto[];
}

export class UpdateEstimateDto extends DocumentAddressesUpdateDto {
  @ApiPropertyOptional({
    enum: UPDATE_STATUSES,
    example: 'sent',
    description:
      'sent: sends a draft (it gets its number) or reopens a declined, accepted or expired estimate; accepted and declined: the customer answered (accepting needs it not expired); expired: ends it before its expiry date',
  })
  @IsOptionalNotNull()
  @IsIn(UPDATE_STATUSES)
  status?: (typeof UPDATE_STATUSES)[number];

  @DayField({ example: '2026-01-16', optional: true })
  date?: string;

  @DayField({
    example: '2026-02-15',
    optional: true,
    description: 'Not before `date`; a later one reopens an expired estimate',
  })
  expiryDate?: string;

  @DocumentItems(false)
  items?: DocumentItemDto[];
}

/** What the invoice made of an estimate starts from; its lines, currency and addresses are the estimate's. */
export class ConvertEstimateDto {
  @ApiPropertyOptional({
    enum: ['draft', 'unpaid'],
    default: 'unpaid',
    example: 'unpaid',
    description: 'draft: the invoice has no number until it is issued',
  })
  @IsOptionalNotNull()
  @IsIn(['draft', 'unpaid'])
  status?: 'draft' | 'unpaid';

  @DayField({
    example: '2026-01-20',
    optional: true,
    description: "The invoice's date; default: today in the company's time zone",
  })
  date?: string;

  @DayField({
    example: '2026-02-19',
    optional: true,
    description: 'Not before `date`; default: `date` plus the setting invoiceDueDays',
  })
  dueDate?: string;
}

export class EstimateDto extends SalesDocumentDto {
  @DocumentNumber('EST-000042')
  number: string | null;
  @ApiProperty(DAY_SCHEMA)
  expiryDate: string;
  @ApiProperty({
    enum: ESTIMATE_STATUSES,
    description: "A sent estimate past its expiry date (in the company's time zone) is expired",
  })
  status: EstimateStatus;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    maxLength: 36,
    nullable: true,
    description: 'The invoice the estimate was converted to',
  })
  invoiceId: string | null;
  @ApiProperty({
    type: 'string',
    maxLength: 200,
    nullable: true,
    description: 'The name typed by the contact who accepted it on the portal',
  })
  acceptedByName: string | null;
  @ApiProperty({
    type: 'string',
    maxLength: 1000,
    nullable: true,
    description: 'The reason a contact gave when declining it on the portal',
  })
  declineReason: string | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    maxLength: 30,
    nullable: true,
    description: 'When a contact accepted or declined it on the portal',
  })
  respondedAt: string | null;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    maxLength: 36,
    nullable: true,
    description: 'The contact who accepted or declined it on the portal',
  })
  respondedByContactId: string | null;
}

/** A contact accepting an estimate on the portal. */
export class AcceptEstimateDto {
  @TextField({ max: 200, min: 1, example: 'Maria Weber', description: 'The name of the person accepting' })
  name: string;
}

/** A contact declining an estimate on the portal. */
export class DeclineEstimateDto {
  @TextField({
    max: 1000,
    optional: true,
    multiline: true,
    example: 'Over our budget',
    description: 'Why, if you wish',
  })
  reason?: string;
}

export class EstimatePageDto extends PageOf(EstimateDto) {}

/** The statuses of a sent estimate: every one but draft (what a customer's contact may see). */
export const ISSUED_ESTIMATE_STATUSES = ESTIMATE_STATUSES.filter((status) => status !== 'draft');

export class EstimateListQueryDto extends DocumentListQueryDto {
  @ApiPropertyOptional({
    enum: ESTIMATE_STATUSES,
    description: 'expired includes sent estimates past their expiry date; sent, only those still valid',
  })
  @IsOptional()
  @IsIn(ESTIMATE_STATUSES)
  status?: EstimateStatus;
}

/** 409 of a change the estimate's status does not allow. */
export class EstimateConflictProblemDto extends ProblemDetailsDto {
  @ApiPropertyOptional({ enum: ESTIMATE_STATUSES, example: 'declined', description: 'The status the estimate has' })
  currentStatus?: EstimateStatus;
  @ApiPropertyOptional({
    type: 'string',
    format: 'uuid',
    maxLength: 36,
    nullable: true,
    description: 'ESTIMATE_ALREADY_CONVERTED, ESTIMATE_NOT_EDITABLE: the invoice it was converted to',
  })
  invoiceId?: string | null;
  @ApiPropertyOptional({ ...DAY_SCHEMA, description: 'ESTIMATE_EXPIRED: the day it expired' })
  expiryDate?: string;
}
