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
  ApplyCreditDto,
  CreateCreditNoteDto,
  CreditNoteConflictProblemDto,
  CreditNoteDto,
  CreditNoteListQueryDto,
  CreditNotePageDto,
  UpdateCreditNoteDto,
} from './dto/credit-note.dto';
import { CreditNotesService } from './credit-notes.service';

const ACCESS_NOTE =
  "Reads reach the credit notes of the customers the caller's `credit_notes.view` (all) or `credit_notes.view_own` (assigned customers) reaches, capped by the customer scope (with only `customers.view_own`, assigned customers); changes need the customer visible. Anything else answers 404.";

@ApiTags('credit-notes')
@Controller('credit-notes')
export class CreditNotesController {
  constructor(private readonly notes: CreditNotesService) {}

  @Post()
  @Authenticated('credit_notes.create')
  @ApiOperation({
    summary: 'Create a credit note',
    description: `Open, with the next number of the credit note series, in the customer's currency (a customer without one gets the current default, fixed from then on: a credit note counts as a transaction). The customer's addresses are copied onto it; lines and totals are rounded as on invoices. \`invoiceId\` may name the customer's invoice it is issued for; its credit is applied separately (\`POST credit-notes/{id}/applications\`). Recorded in the customer's activity. ${ACCESS_NOTE}`,
  })
  @ApiCreatedResponse({ type: CreditNoteDto, headers: ETAG_HEADER })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'NOT_FOUND: no such customer or invoice, or one the caller may not see',
  })
  @SendsEtag()
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreateCreditNoteDto): Promise<CreditNoteDto> {
    return this.notes.create(actor, dto);
  }

  @Get()
  @Authenticated(['credit_notes.view', 'credit_notes.view_own'])
  @ApiOperation({
    summary: 'List credit notes',
    description: `Filter by customer, status, currency and a date range (inclusive); sort by number or date (the default, newest first). ${ACCESS_NOTE}`,
  })
  @ApiOkResponse({ type: CreditNotePageDto })
  list(@CurrentActor() actor: StaffActor, @Query() query: CreditNoteListQueryDto): Promise<Page<CreditNoteDto>> {
    return this.notes.list(actor, query);
  }

  @Get(':id')
  @Authenticated(['credit_notes.view', 'credit_notes.view_own'])
  @ApiOperation({ summary: 'Get a credit note', description: ACCESS_NOTE })
  @ApiUuidParam('id', 'Credit note id')
  @ApiOkResponse({ type: CreditNoteDto, headers: ETAG_HEADER })
  @SendsEtag()
  get(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<CreditNoteDto> {
    return this.notes.get(actor, id);
  }

  @Patch(':id')
  @Authenticated('credit_notes.edit')
  @ApiOperation({
    summary: 'Update a credit note',
    description: `Partial: the date, lines (they replace all lines; the totals follow) and this note's addresses, while it is open and none of its credit is applied (409 CREDIT_NOTE_NOT_EDITABLE). ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Credit note id')
  @ApiIfMatch()
  @ApiOkResponse({ type: CreditNoteDto, headers: ETAG_HEADER })
  @ApiConflictResponse({ type: CreditNoteConflictProblemDto, description: 'CREDIT_NOTE_NOT_EDITABLE' })
  @SendsEtag()
  update(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: UpdateCreditNoteDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<CreditNoteDto> {
    return this.notes.update(actor, id, dto, expectedVersion);
  }

  @Post(':id/void')
  @HttpCode(200)
  @Authenticated('credit_notes.edit')
  @ApiOperation({
    summary: 'Void a credit note',
    description: `An open note with none of its credit applied becomes void and keeps its number (the series has no gaps); otherwise 409 CREDIT_NOTE_STATUS_CONFLICT (take the credit back first). ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Credit note id')
  @ApiIfMatch()
  @ApiOkResponse({ type: CreditNoteDto, headers: ETAG_HEADER })
  @ApiConflictResponse({ type: CreditNoteConflictProblemDto, description: 'CREDIT_NOTE_STATUS_CONFLICT' })
  @SendsEtag()
  void(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<CreditNoteDto> {
    return this.notes.void(actor, id, expectedVersion);
  }

  @Post(':id/applications')
  @Authenticated('credit_notes.edit')
  @ApiOperation({
    summary: 'Apply credit to an invoice',
    description: `Credit from an open note to an unpaid or partially paid invoice of the same customer (400 on \`invoiceId\` otherwise; 409 INVOICE_STATUS_CONFLICT for an invoice that is not open): at most what the note has left (409 CREDIT_EXCEEDS_REMAINING) and what the invoice has due (409 CREDIT_EXCEEDS_AMOUNT_DUE). The invoice's \`amountCredited\` grows and it becomes partially paid or paid; the note closes once all its credit is applied. Answers the note. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Credit note id')
  @ApiCreatedResponse({ type: CreditNoteDto, headers: ETAG_HEADER })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'NOT_FOUND: no such note or invoice the caller may see',
  })
  @ApiConflictResponse({
    type: CreditNoteConflictProblemDto,
    description:
      'CREDIT_NOTE_STATUS_CONFLICT, CREDIT_EXCEEDS_REMAINING, CREDIT_EXCEEDS_AMOUNT_DUE or INVOICE_STATUS_CONFLICT',
  })
  @SendsEtag()
  apply(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: ApplyCreditDto,
  ): Promise<CreditNoteDto> {
    return this.notes.apply(actor, id, dto);
  }

  @Delete(':id/applications/:applicationId')
  @HttpCode(204)
  @Authenticated('credit_notes.edit')
  @ApiOperation({
    summary: 'Take applied credit back',
    description: `The invoice's credit goes down and it is open again; the note is open again. ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Credit note id')
  @ApiUuidParam('applicationId', 'Credit application id')
  @ApiNoContentResponse({ description: 'Taken back' })
  unapply(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @UuidParam('applicationId') applicationId: string,
  ): Promise<void> {
    return this.notes.unapply(actor, id, applicationId);
  }

  @Get(':id/pdf')
  @Authenticated(['credit_notes.view', 'credit_notes.view_own'])
  @ApiOperation({
    summary: 'Download a credit note as PDF',
    description: `With the company's details from the settings, in the system default language, or in the customer's when the setting \`pdfInClientLanguage\` is on. Named after its number (\`CN-000001.pdf\`). ${ACCESS_NOTE}`,
  })
  @ApiUuidParam('id', 'Credit note id')
  @ApiPdfResponse('credit note')
  async pdf(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<StreamableFile> {
    return pdfAttachment(await this.notes.pdf(actor, id));
  }
}
