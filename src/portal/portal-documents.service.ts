import { Injectable, StreamableFile } from '@nestjs/common';
import { Page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { CreditNotesService } from '../credit-notes/credit-notes.service';
import type { CreditNoteDto } from '../credit-notes/dto/credit-note.dto';
import { CustomersService } from '../customers/customers.service';
import type { DocumentPdf } from '../documents/document-pdfs.service';
import type { EstimateDto } from '../estimates/dto/estimate.dto';
import { type EstimateResponse, EstimatesService } from '../estimates/estimates.service';
import type { InvoiceDto } from '../invoices/dto/invoice.dto';
import { InvoicesService } from '../invoices/invoices.service';
import { PaymentsService } from '../invoices/payments.service';
import { estimateAnsweredEmail } from '../mail/contact-emails';
import { MailService } from '../mail/mail.service';
import { ContactActor } from '../permissions/actor';
import { StaffService } from '../staff/staff.service';
import type { StatementDto, StatementQueryDto } from '../statements/dto/statement.dto';
import { statementAnswer } from '../statements/statement-answer';
import { StatementsService } from '../statements/statements.service';
import { impersonationCannotAnswerEstimate } from './portal.errors';
import type {
  PortalCreditNoteListQueryDto,
  PortalEstimateListQueryDto,
  PortalInvoiceDetailDto,
  PortalInvoiceListQueryDto,
} from './dto/portal-documents.dto';

/**
 * A company's sales documents on the portal, through the services of the modules that own
 * them, under the contact's scope: its own customer's documents only (another customer's is
 * a 404 and never listed), never a draft, and only while the contact holds the area's
 * permission (the route's guard answers 403 otherwise; the access rule lists nothing).
 * PDFs are in the customer's language.
 */
@Injectable()
export class PortalDocuments {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
    private readonly creditNotes: CreditNotesService,
    private readonly estimates: EstimatesService,
    private readonly customers: CustomersService,
    private readonly access: CustomerAccess,
    private readonly staff: StaffService,
    private readonly mail: MailService,
    private readonly statements: StatementsService,
  ) {}

  listInvoices(actor: ContactActor, query: PortalInvoiceListQueryDto): Promise<Page<InvoiceDto>> {
    return this.invoices.list(actor, query);
  }

  /** The invoice with its payments and the credit applied to it. */
  async invoice(actor: ContactActor, id: string): Promise<PortalInvoiceDetailDto> {
    const invoice = await this.invoices.get(actor, id);
    const payments = await this.payments.ofInvoice(invoice.id);
    const credits = await this.creditNotes.appliedTo(invoice.id);
    return { ...invoice, payments: payments.map(({ createdBy: _staff, ...payment }) => payment), credits };
  }

  invoicePdf(actor: ContactActor, id: string): Promise<DocumentPdf> {
    return this.invoices.pdf(actor, id);
  }

  listCreditNotes(actor: ContactActor, query: PortalCreditNoteListQueryDto): Promise<Page<CreditNoteDto>> {
    return this.creditNotes.list(actor, query);
  }

  creditNote(actor: ContactActor, id: string): Promise<CreditNoteDto> {
    return this.creditNotes.get(actor, id);
  }

  creditNotePdf(actor: ContactActor, id: string): Promise<DocumentPdf> {
    return this.creditNotes.pdf(actor, id);
  }

  listEstimates(actor: ContactActor, query: PortalEstimateListQueryDto): Promise<Page<EstimateDto>> {
    return this.estimates.list(actor, query);
  }

  estimate(actor: ContactActor, id: string): Promise<EstimateDto> {
    return this.estimates.get(actor, id);
  }

  estimatePdf(actor: ContactActor, id: string): Promise<DocumentPdf> {
    return this.estimates.pdf(actor, id);
  }

  /** The company's statement, the same figures as staff see; its PDF in the company's language (else the system default). */
  async statement(actor: ContactActor, query: StatementQueryDto): Promise<StatementDto | StreamableFile> {
    const statement = await this.statements.ofCustomer(actor.customerId, query);
    return statementAnswer(this.statements, statement, query.format, statement.account.language ?? undefined);
  }

  /**
   * Accepts or declines an estimate (the estimates module's rules and record), never through
   * a login as client (403: nobody answers in the customer's name), and tells the
   * staff assigned to the customer and those holding `estimates.edit`, through the outbox in
   * the same transaction.
   */
  answerEstimate(actor: ContactActor, id: string, response: EstimateResponse): Promise<EstimateDto> {
    if (actor.impersonated) throw impersonationCannotAnswerEstimate();
    return this.connection.transaction(async () => {
      const estimate = await this.estimates.respond(actor, id, response);
      const customer = await this.customers.get(actor, actor.customerId);
      const assigned = await this.access.staffAssignedTo(actor.customerId);
      const answer = {
        customerId: actor.customerId,
        customerCompany: customer.company,
        contactId: actor.id,
        contactEmail: actor.email,
        estimateNumber: estimate.number,
        estimateTotal: `${estimate.total} ${estimate.currency}`,
        respondedAt: new Date(estimate.respondedAt ?? Date.now()),
        accepted: response.accept,
        acceptedByName: estimate.acceptedByName,
        declineReason: estimate.declineReason,
      };
      for (const member of await this.staff.activeHoldersOrAmong('estimates.edit', assigned)) {
        await this.mail.enqueue(estimateAnsweredEmail(member, answer));
      }
      return estimate;
    });
  }
}
