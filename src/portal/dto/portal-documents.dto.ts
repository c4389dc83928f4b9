import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AppliedCreditDto, CreditNoteListQueryDto } from '../../credit-notes/dto/credit-note.dto';
import { EstimateListQueryDto, ISSUED_ESTIMATE_STATUSES } from '../../estimates/dto/estimate.dto';
import type { EstimateStatus } from '../../estimates/estimate.entity';
import { ISSUED_INVOICE_STATUSES, InvoiceDto, InvoiceListQueryDto } from '../../invoices/dto/invoice.dto';
import { PaymentDto } from '../../invoices/dto/payment.dto';
import type { InvoiceStatus } from '../../invoices/invoice.entity';

/** A contact never sees a draft: it is not yet its customer's document. */
const PORTAL_INVOICE_STATUSES = ISSUED_INVOICE_STATUSES;
const PORTAL_ESTIMATE_STATUSES = ISSUED_ESTIMATE_STATUSES;

/** The company's invoices: its own customer's only, so no customer filter. */
export class PortalInvoiceListQueryDto extends OmitType(InvoiceListQueryDto, ['customerId', 'status'] as const) {
  @ApiPropertyOptional({ enum: PORTAL_INVOICE_STATUSES })
  @IsOptional()
  @IsIn(PORTAL_INVOICE_STATUSES)
  status?: Exclude<InvoiceStatus, 'draft'>;
}

export class PortalCreditNoteListQueryDto extends OmitType(CreditNoteListQueryDto, ['customerId'] as const) {}

export class PortalEstimateListQueryDto extends OmitType(EstimateListQueryDto, ['customerId', 'status'] as const) {
  @ApiPropertyOptional({
    enum: PORTAL_ESTIMATE_STATUSES,
    description: 'expired includes sent estimates past their expiry date; sent, only those still valid',
  })
  @IsOptional()
  @IsIn(PORTAL_ESTIMATE_STATUSES)
  status?: Exclude<EstimateStatus, 'draft'>;
}

/** A payment of an invoice, as its customer sees it. */
export class PortalPaymentDto extends OmitType(PaymentDto, ['createdBy'] as const) {}

/** An invoice with what settled it: its payments and the credit applied from credit notes. */
export class PortalInvoiceDetailDto extends InvoiceDto {
  @ApiProperty({ type: [PortalPaymentDto], maxItems: 10000 })
  payments: PortalPaymentDto[];
  @ApiProperty({ type: [AppliedCreditDto], maxItems: 10000 })
  credits: AppliedCreditDto[];
}
