import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiIfMatch,
  ApiUuidParam,
  ETAG_HEADER,
  IfMatch,
  Page,
  ProblemDetailsDto,
  SendsEtag,
  UuidParam,
} from '@app/common';
import { ApiPdfResponse, pdfAttachment } from '../documents/pdf-response';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import {
  CreateInvoiceDto,
  InvoiceConflictProblemDto,
  InvoiceDto,
  InvoiceListQueryDto,
  InvoicePageDto,
  UpdateInvoiceDto,
} from './dto/invoice.dto';
import { InvoicesService } from './invoices.service';

const ACCESS_NOTE =
  "Reads reach the invoices of the customers the caller's `invoices.view` (all) or `invoices.view_own` (assigned customers) reaches, capped by the customer scope (with only `customers.view_own`, assigned customers); changes need the customer visible. Anything else answers 404.";

@ApiTags('invoices')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  @Authenticated('invoices.create')
  @ApiOperation({
    summary: 'Create an invoice',
    description: `In the customer's currency: a customer without one gets the current default currency, fixed from then on. The customer's billing address, and its shipping address when it has one, are copied onto the invoice. Each line's net and tax are rounded half-up to the currency's minor unit; the totals add the rounded lines. \`unpaid\` (the default) takes the next number of the series at once; a \`draft\` has none until it is issued. Recorded in the customer's activity. ${ACCESS_NOTE}`,
  })
  @ApiCreatedResponse({ type: InvoiceDto, headers: ETAG_HEADER })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'NOT_FOUND: no such customer, or one the caller may not see',
  })
  @SendsEtag()
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreateInvoiceDto): Promise<InvoiceDto> {
    return this.invoices.create(actor, dto);
  }

  @Get()
  @Authenticated(['invoices.view', 'invoices.view_own'])
  @ApiOperation({
    summary: 'List invoices',
    description: `Filter by customer, status, currency and a date range (inclusive); sort by number or date (the default, newest first). ${ACCESS_NOTE}`,
  })
  @ApiOkResponse({ type: InvoicePageDto })
  list(@CurrentActor() actor: StaffActor, @Query() query: InvoiceListQueryDto): Promise<Page<InvoiceDto>> {
    return this.invoices.list(actor, query);
  }

  @Get(':id')
  @Authenticated(['invoices.view', 'invoices.view_own'])
  @ApiOperation({ summary: 'Get an invoice', description: ACCESS_NOTE })
  @ApiUuidParam('id', 'Invoice id')
  @ApiOkResponse({ type: InvoiceDto, headers: ETAG_HEADER })
  @SendsEtag()
  get(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<InvoiceDto> {
    return this.invoices.get(actor, id);
  }

  @Patch(':id')
  @Authenticated('invoices.edit')
  @ApiOperation({
    summary: 'Update an invoice',
    description: `Partial: dates, lines (they replace all lines; the totals follow), this invoice's addresses, and \`status: unpaid\` to issue a draft, which then takes the next number of the series. A paid or cancelled invoice no longer changes (409 INVOICE_NOT_EDITABLE). The lines of a partially paid invoice may not total less than what has been paid (409 INVOICE_TOTAL_BELOW_AMOUNT_PAID); exactly that makes it paid. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Invoice id')
  @ApiIfMatch()
  @ApiOkResponse({ type: InvoiceDto, headers: ETAG_HEADER })
  @ApiConflictResponse({
    type: InvoiceConflictProblemDto,
    description: 'INVOICE_NOT_EDITABLE, INVOICE_STATUS_CONFLICT or INVOICE_TOTAL_BELOW_AMOUNT_PAID',
  })
  @SendsEtag()
  update(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: UpdateInvoiceDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<InvoiceDto> {
    return this.invoices.update(actor, id, dto, expectedVersion);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated('invoices.edit')
  @ApiOperation({
    summary: 'Cancel an invoice',
    description: `An unpaid invoice becomes cancelled and keeps its number (the series has no gaps). A draft is deleted instead, and an invoice with payments cannot be cancelled: 409 INVOICE_STATUS_CONFLICT. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Invoice id')
  @ApiIfMatch()
  @ApiOkResponse({ type: InvoiceDto, headers: ETAG_HEADER })
  @ApiConflictResponse({ type: InvoiceConflictProblemDto, description: 'INVOICE_STATUS_CONFLICT' })
  @SendsEtag()
  cancel(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<InvoiceDto> {
    return this.invoices.cancel(actor, id, expectedVersion);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('invoices.delete')
  @ApiOperation({
    summary: 'Delete a draft invoice',
    description: `Only drafts, which have no number: an issued invoice is cancelled instead (409 INVOICE_NOT_DRAFT). The customer's transaction count goes back down. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Invoice id')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ type: InvoiceConflictProblemDto, description: 'INVOICE_NOT_DRAFT' })
  remove(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    return this.invoices.remove(actor, id, expectedVersion);
  }

  @Get(':id/pdf')
  @Authenticated(['invoices.view', 'invoices.view_own'])
  @ApiOperation({
    summary: 'Download an invoice as PDF',
    description: `With the company's details from the settings, in the system default language, or in the customer's when the setting \`pdfInClientLanguage\` is on. Named after the invoice's number (\`INV-000001.pdf\`), a draft \`invoice-<id>.pdf\`. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Invoice id')
  @ApiPdfResponse('invoice')
  async pdf(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<StreamableFile> {
    return pdfAttachment(await this.invoices.pdf(actor, id));
  }
}
