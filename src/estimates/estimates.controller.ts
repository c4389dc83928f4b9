import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
import { InvoiceDto } from '../invoices/dto/invoice.dto';
import { ApiPdfResponse, pdfAttachment } from '../documents/pdf-response';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import {
  ConvertEstimateDto,
  CreateEstimateDto,
  EstimateConflictProblemDto,
  EstimateDto,
  EstimateListQueryDto,
  EstimatePageDto,
  UpdateEstimateDto,
} from './dto/estimate.dto';
import { EstimatesService } from './estimates.service';

const ACCESS_NOTE =
  "Reads reach the estimates of the customers the caller's `estimates.view` (all) or `estimates.view_own` (assigned customers) reaches, capped by the customer scope (with only `customers.view_own`, assigned customers); changes need the customer visible. Anything else answers 404.";

@ApiTags('estimates')
@Controller('estimates')
export class EstimatesController {
  constructor(private readonly estimates: EstimatesService) {}

  @Post()
  @Authenticated('estimates.create')
  @ApiOperation({
    summary: 'Create an estimate',
    description: `In the customer's currency: a customer without one gets the current default currency, fixed from then on (an estimate counts as a transaction). The customer's billing address, and its shipping address when it has one, are copied onto the estimate. Each line's net and tax are rounded half-up to the currency's minor unit; the totals add the rounded lines. \`sent\` (the default) takes the next number of the series at once; a \`draft\` has none until it is sent. Recorded in the customer's activity. ${ACCESS_NOTE}`,
  })
  @ApiCreatedResponse({ type: EstimateDto, headers: ETAG_HEADER })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'NOT_FOUND: no such customer, or one the caller may not see',
  })
  @SendsEtag()
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreateEstimateDto): Promise<EstimateDto> {
    return this.estimates.create(actor, dto);
  }

  @Get()
  @Authenticated(['estimates.view', 'estimates.view_own'])
  @ApiOperation({
    summary: 'List estimates',
    description: `Filter by customer, status (\`expired\` includes sent estimates past their expiry date), currency and a date range (inclusive); sort by number or date (the default, newest first). ${ACCESS_NOTE}`,
  })
  @ApiOkResponse({ type: EstimatePageDto })
  list(@CurrentActor() actor: StaffActor, @Query() query: EstimateListQueryDto): Promise<Page<EstimateDto>> {
    return this.estimates.list(actor, query);
  }

  @Get(':id')
  @Authenticated(['estimates.view', 'estimates.view_own'])
  @ApiOperation({ summary: 'Get an estimate', description: ACCESS_NOTE })
  @ApiUuidParam('id', 'Estimate id')
  @ApiOkResponse({ type: EstimateDto, headers: ETAG_HEADER })
  @SendsEtag()
  get(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<EstimateDto> {
    return this.estimates.get(actor, id);
  }

  @Patch(':id')
  @Authenticated('estimates.edit')
  @ApiOperation({
    summary: 'Update an estimate',
    description: `Partial: dates, lines (they replace all lines; the totals follow) and this estimate's addresses while it is, or the same request makes it, a draft, sent or expired (otherwise 409 ESTIMATE_NOT_EDITABLE); and the status: a draft is only sent (it then takes the next number of the series), sent, accepted, declined and expired estimates move among those, none goes back to draft (409 ESTIMATE_STATUS_CONFLICT), and accepting needs the estimate not expired (409 ESTIMATE_EXPIRED; a later expiryDate in the same request reopens it). A converted estimate no longer changes. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Estimate id')
  @ApiIfMatch()
  @ApiOkResponse({ type: EstimateDto, headers: ETAG_HEADER })
  @ApiConflictResponse({
    type: EstimateConflictProblemDto,
    description: 'ESTIMATE_NOT_EDITABLE, ESTIMATE_STATUS_CONFLICT or ESTIMATE_EXPIRED',
  })
  @SendsEtag()
  update(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: UpdateEstimateDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<EstimateDto> {
    return this.estimates.update(actor, id, dto, expectedVersion);
  }

  @Post(':id/convert')
  @Authenticated('estimates.edit')
  @ApiBody({ type: ConvertEstimateDto, required: false })
  @ApiOperation({
    summary: 'Convert an estimate to an invoice',
    description: `Needs \`invoices.create\` too (403 otherwise). In one transaction: a new invoice with the estimate's lines, currency and addresses (unpaid and numbered, or a draft on request; dated today and due after the setting invoiceDueDays unless the body says otherwise), and the estimate becomes accepted and names the invoice (\`invoiceId\`); a draft estimate takes its number then. Answers the invoice. An estimate becomes one invoice only (409 ESTIMATE_ALREADY_CONVERTED with its \`invoiceId\`); a declined one is 409 ESTIMATE_STATUS_CONFLICT, an expired one 409 ESTIMATE_EXPIRED. Both documents are recorded in the customer's activity. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Estimate id')
  @ApiIfMatch()
  @ApiCreatedResponse({ type: InvoiceDto, headers: ETAG_HEADER, description: 'The new invoice' })
  @ApiForbiddenResponse({
    type: ProblemDetailsDto,
    description: 'FORBIDDEN: without estimates.edit and invoices.create',
  })
  @ApiConflictResponse({
    type: EstimateConflictProblemDto,
    description: 'ESTIMATE_ALREADY_CONVERTED, ESTIMATE_STATUS_CONFLICT or ESTIMATE_EXPIRED',
  })
  @SendsEtag()
  async convert(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: ConvertEstimateDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<InvoiceDto> {
    return (await this.estimates.convert(actor, id, dto, expectedVersion)).invoice;
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('estimates.delete')
  @ApiOperation({
    summary: 'Delete a draft estimate',
    description: `Only drafts, which have no number: a sent estimate is declined instead (409 ESTIMATE_NOT_DRAFT). The customer's transaction count goes back down. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Estimate id')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ type: EstimateConflictProblemDto, description: 'ESTIMATE_NOT_DRAFT' })
  remove(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    return this.estimates.remove(actor, id, expectedVersion);
  }

  @Get(':id/pdf')
  @Authenticated(['estimates.view', 'estimates.view_own'])
  @ApiOperation({
    summary: 'Download an estimate as PDF',
    description: `With the company's details from the settings, in the system default language, or in the customer's when the setting \`pdfInClientLanguage\` is on. Named after its number (\`EST-000001.pdf\`), a draft \`estimate-<id>.pdf\`. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Estimate id')
  @ApiPdfResponse('estimate')
  async pdf(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<StreamableFile> {
    return pdfAttachment(await this.estimates.pdf(actor, id));
  }
}
