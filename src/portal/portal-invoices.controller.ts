import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiUuidParam, Page, ProblemDetailsDto, UuidParam } from '@app/common';
import { CreditNoteDto, CreditNotePageDto } from '../credit-notes/dto/credit-note.dto';
import { ApiPdfResponse, pdfAttachment } from '../documents/pdf-response';
import { InvoiceDto, InvoicePageDto } from '../invoices/dto/invoice.dto';
import { ContactActor, CurrentActor } from '../permissions/actor';
import { PortalAuthenticated } from '../permissions/portal-authenticated.decorator';
import {
  PortalCreditNoteListQueryDto,
  PortalInvoiceDetailDto,
  PortalInvoiceListQueryDto,
} from './dto/portal-documents.dto';
import { PortalDocuments } from './portal-documents.service';

const WHO =
  "Needs the portal permission `invoices` (403 otherwise, checked on every request). Your company's documents only: another company's is a 404, as is a draft.";

@ApiTags('portal')
@Controller('portal/invoices')
export class PortalInvoicesController {
  constructor(private readonly documents: PortalDocuments) {}

  @Get()
  @PortalAuthenticated('invoices')
  @ApiOperation({
    summary: "Your company's invoices",
    description: `Never drafts. Filter by status, \`overdue\`, number and a date range (inclusive); sort by number or date (the default, newest first). ${WHO}`,
  })
  @ApiOkResponse({ type: InvoicePageDto })
  list(@CurrentActor() actor: ContactActor, @Query() query: PortalInvoiceListQueryDto): Promise<Page<InvoiceDto>> {
    return this.documents.listInvoices(actor, query);
  }

  @Get(':id')
  @PortalAuthenticated('invoices')
  @ApiOperation({ summary: 'An invoice, with its payments and the credit applied to it', description: WHO })
  @ApiUuidParam('id', 'Invoice id')
  @ApiOkResponse({ type: PortalInvoiceDetailDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'NOT_FOUND: no such invoice of your company' })
  get(@CurrentActor() actor: ContactActor, @UuidParam('id') id: string): Promise<PortalInvoiceDetailDto> {
    return this.documents.invoice(actor, id);
  }

  @Get(':id/pdf')
  @PortalAuthenticated('invoices')
  @ApiOperation({ summary: 'Download an invoice as PDF', description: `In your company's language. ${WHO}` })
  @ApiUuidParam('id', 'Invoice id')
  @ApiPdfResponse('invoice')
  async pdf(@CurrentActor() actor: ContactActor, @UuidParam('id') id: string): Promise<StreamableFile> {
    return pdfAttachment(await this.documents.invoicePdf(actor, id));
  }
}

@ApiTags('portal')
@Controller('portal/credit-notes')
export class PortalCreditNotesController {
  constructor(private readonly documents: PortalDocuments) {}

  @Get()
  @PortalAuthenticated('invoices')
  @ApiOperation({
    summary: "Your company's credit notes",
    description: `Filter by status, currency and a date range (inclusive); sort by number or date (the default, newest first). ${WHO}`,
  })
  @ApiOkResponse({ type: CreditNotePageDto })
  list(
    @CurrentActor() actor: ContactActor,
    @Query() query: PortalCreditNoteListQueryDto,
  ): Promise<Page<CreditNoteDto>> {
    return this.documents.listCreditNotes(actor, query);
  }

  @Get(':id')
  @PortalAuthenticated('invoices')
  @ApiOperation({ summary: 'A credit note, with where its credit went', description: WHO })
  @ApiUuidParam('id', 'Credit note id')
  @ApiOkResponse({ type: CreditNoteDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'NOT_FOUND: no such credit note of your company' })
  get(@CurrentActor() actor: ContactActor, @UuidParam('id') id: string): Promise<CreditNoteDto> {
    return this.documents.creditNote(actor, id);
  }

  @Get(':id/pdf')
  @PortalAuthenticated('invoices')
  @ApiOperation({ summary: 'Download a credit note as PDF', description: `In your company's language. ${WHO}` })
  @ApiUuidParam('id', 'Credit note id')
  @ApiPdfResponse('credit note')
  async pdf(@CurrentActor() actor: ContactActor, @UuidParam('id') id: string): Promise<StreamableFile> {
    return pdfAttachment(await this.documents.creditNotePdf(actor, id));
  }
}
