import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiUuidParam, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { DocumentSending } from './document-sending.service';
import { SendDocumentDto, SendStatementDto, SentDto } from './dto/send.dto';

const RECIPIENTS =
  "Queued in the outbox, one email per recipient, with the PDF rendered when the email is sent, in the customer's language. Recipients: the customer's active contacts who hold the portal permission with the email notification on, or the chosen `contactIds` among them (anyone else: 400). No such contact: 409 NO_RECIPIENTS. Recorded in the customer's activity. Staff who may not see the customer get 404.";

const NOT_FOUND = {
  type: ProblemDetailsDto,
  description: 'NOT_FOUND: no such document or customer, or one the caller may not see',
};
const BAD_RECIPIENTS = {
  type: ProblemDetailsDto,
  description: 'VALIDATION_FAILED: a chosen contact may not receive it',
};

@Controller()
export class DocumentSendingController {
  constructor(private readonly sending: DocumentSending) {}

  @Post('invoices/:id/send')
  @HttpCode(202)
  @ApiTags('invoices')
  @Authenticated('invoices.edit')
  @ApiOperation({
    summary: 'Email an invoice with its PDF',
    description: `To contacts with the \`invoices\` permission and invoice emails on. A draft is issued first (unpaid, numbered); a cancelled invoice is not sent (409 INVOICE_STATUS_CONFLICT). ${RECIPIENTS}`,
  })
  @ApiUuidParam('id', 'Invoice id')
  @ApiAcceptedResponse({ type: SentDto })
  @ApiBadRequestResponse(BAD_RECIPIENTS)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'NO_RECIPIENTS or INVOICE_STATUS_CONFLICT' })
  sendInvoice(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: SendDocumentDto,
  ): Promise<SentDto> {
    return this.sending.sendInvoice(actor, id, dto);
  }

  @Post('estimates/:id/send')
  @HttpCode(202)
  @ApiTags('estimates')
  @Authenticated('estimates.edit')
  @ApiOperation({
    summary: 'Email an estimate with its PDF',
    description: `To contacts with the \`estimates\` permission and estimate emails on. A draft is sent first (numbered then). ${RECIPIENTS}`,
  })
  @ApiUuidParam('id', 'Estimate id')
  @ApiAcceptedResponse({ type: SentDto })
  @ApiBadRequestResponse(BAD_RECIPIENTS)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'NO_RECIPIENTS' })
  sendEstimate(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: SendDocumentDto,
  ): Promise<SentDto> {
    return this.sending.sendEstimate(actor, id, dto);
  }

  @Post('credit-notes/:id/send')
  @HttpCode(202)
  @ApiTags('credit-notes')
  @Authenticated('credit_notes.edit')
  @ApiOperation({
    summary: 'Email a credit note with its PDF',
    description: `To contacts with the \`invoices\` permission and credit-note emails on. A void note is not sent (409 CREDIT_NOTE_STATUS_CONFLICT). ${RECIPIENTS}`,
  })
  @ApiUuidParam('id', 'Credit note id')
  @ApiAcceptedResponse({ type: SentDto })
  @ApiBadRequestResponse(BAD_RECIPIENTS)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'NO_RECIPIENTS or CREDIT_NOTE_STATUS_CONFLICT' })
  sendCreditNote(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: SendDocumentDto,
  ): Promise<SentDto> {
    return this.sending.sendCreditNote(actor, id, dto);
  }

  @Post('customers/:id/statement/send')
  @HttpCode(202)
  @ApiTags('customers')
  @Authenticated(['invoices.view', 'invoices.view_own'])
  @ApiOperation({
    summary: "Email a customer's statement of account with its PDF",
    description: `The statement of \`from\` to \`to\` (defaults as for reading it, fixed when sent), to contacts with the \`invoices\` permission and invoice emails on, with the \`statement_sent\` template. Needs the customer's invoices readable (\`invoices.view\`, or \`invoices.view_own\` for assigned customers, capped by the customer scope). ${RECIPIENTS}`,
  })
  @ApiUuidParam('id', 'Customer id')
  @ApiAcceptedResponse({ type: SentDto })
  @ApiBadRequestResponse(BAD_RECIPIENTS)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'NO_RECIPIENTS' })
  sendStatement(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: SendStatementDto,
  ): Promise<SentDto> {
    return this.sending.sendStatement(actor, id, dto);
  }
}
