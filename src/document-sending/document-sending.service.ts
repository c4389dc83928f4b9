import { Injectable } from '@nestjs/common';
import { DomainError, invalidField } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { DocumentRecipients, type RecipientRule } from '../contacts/document-recipients.service';
import { CreditNotesService } from '../credit-notes/credit-notes.service';
import { CustomerTransactions } from '../customer-transactions/customer-transactions.service';
import type { AttachmentRef } from '../document-attachments/attachment';
import { EstimatesService } from '../estimates/estimates.service';
import { InvoicesService } from '../invoices/invoices.service';
import { MailService } from '../mail/mail.service';
import type { TemplateName } from '../email-templates/template-catalogue';
import type { StaffActor } from '../permissions/actor';
import { StatementsService, toStatementDto } from '../statements/statements.service';
import type { SendDocumentDto, SendStatementDto, SentDto } from './dto/send.dto';

/** 409: no contact of the customer may receive the document. */
export const noRecipients = () => new DomainError(409, 'NO_RECIPIENTS');
/** 400: a chosen contact may not receive the document. */
export const recipientNotPermitted = () => invalidField('contactIds', 'recipientNotPermitted');

const INVOICES: RecipientRule = { permission: 'invoices', notification: 'invoices' };
const ESTIMATES: RecipientRule = { permission: 'estimates', notification: 'estimates' };
const CREDIT_NOTES: RecipientRule = { permission: 'invoices', notification: 'creditNotes' };

/** One send: what goes, to whom, and what the activity records. */
interface Send {
  customerId: string;
  rule: RecipientRule;
  template: TemplateName;
  context: Record<string, string | null>;
  attachment: AttachmentRef;
  /** The activity record's subject. */
  entityType: string;
  entityId: string;
  contactIds?: readonly string[];
}

/**
 * Documents and statements emailed to a customer's contacts through the outbox, each email
 * naming its PDF, which the outbox worker renders when it sends it, in the customer's
 * language. Recipients are the customer's active contacts who hold the document's portal
 * permission and have its email notification on, or chosen ones among them (any other
 * choice answers 400). A draft invoice or estimate is issued or sent first, and the send is
 * recorded in the customer's activity; all of it in one transaction.
 */
@Injectable()
export class DocumentSending {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly invoices: InvoicesService,
    private readonly estimates: EstimatesService,
    private readonly creditNotes: CreditNotesService,
    private readonly statements: StatementsService,
    private readonly recipients: DocumentRecipients,
    private readonly customers: CustomerTransactions,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  sendInvoice(actor: StaffActor, id: string, dto: SendDocumentDto): Promise<SentDto> {
    return this.connection.transaction(async () => {
      const invoice = await this.invoices.prepareToSend(actor, id);
      return this.send(actor, {
        customerId: invoice.customerId,
        rule: INVOICES,
        template: 'document_sent',
        context: documentContext(invoice, invoice.dueDate),
        attachment: { kind: 'invoice', id },
        entityType: 'invoice',
        entityId: id,
        contactIds: dto.contactIds,
      });
    });
  }

  sendEstimate(actor: StaffActor, id: string, dto: SendDocumentDto): Promise<SentDto> {
    return this.connection.transaction(async () => {
      const estimate = await this.estimates.prepareToSend(actor, id);
      return this.send(actor, {
        customerId: estimate.customerId,
        rule: ESTIMATES,
        template: 'document_sent',
        context: documentContext(estimate, null),
        attachment: { kind: 'estimate', id },
        entityType: 'estimate',
        entityId: id,
        contactIds: dto.contactIds,
      });
    });
  }

  sendCreditNote(actor: StaffActor, id: string, dto: SendDocumentDto): Promise<SentDto> {
    return this.connection.transaction(async () => {
      const note = await this.creditNotes.prepareToSend(actor, id);
      return this.send(actor, {
        customerId: note.customerId,
        rule: CREDIT_NOTES,
        template: 'document_sent',
        context: documentContext(note, null),
        attachment: { kind: 'credit_note', id },
        entityType: 'credit_note',
        entityId: id,
        contactIds: dto.contactIds,
      });
    });
  }

  /** The statement of the range (its defaults fixed now) to the contacts who get invoices. */
  async sendStatement(actor: StaffActor, customerId: string, dto: SendStatementDto): Promise<SentDto> {
    const statement = toStatementDto(await this.statements.forStaff(actor, customerId, dto));
    return this.connection.transaction(() =>
      this.send(actor, {
        customerId,
        rule: INVOICES,
        template: 'statement_sent',
        context: {
          periodFrom: statement.from,
          periodTo: statement.to,
          balanceDue: `${statement.totals.balanceDue} ${statement.currency}`,
        },
        attachment: { kind: 'statement', id: customerId, from: statement.from, to: statement.to },
        entityType: 'statement',
        entityId: customerId,
        contactIds: dto.contactIds,
      }),
    );
  }

  private async send(actor: StaffActor, send: Send): Promise<SentDto> {
    const recipients = await this.recipients.of(send.customerId, send.rule, send.contactIds);
    if (recipients === null) throw recipientNotPermitted();
    if (!recipients.length) throw noRecipients();
    const account = await this.customers.accountOf(send.customerId);
    const emails = [];
    for (const contact of recipients) {
      const id = await this.mail.enqueue({
        template: send.template,
        language: account.language,
        to: { email: contact.email, name: `${contact.firstName} ${contact.lastName}`.trim() || null },
        customerId: send.customerId,
        contactId: contact.id,
        context: {
          firstName: contact.firstName,
          lastName: contact.lastName,
          customerCompany: account.company,
          ...send.context,
        },
        attachment: send.attachment,
      });
      emails.push({ id, contactId: contact.id, to: contact.email });
    }
    await this.audit.record(actor, [
      {
        customerId: send.customerId,
        entityType: send.entityType,
        entityId: send.entityId,
        action: 'send',
        after: {
          template: send.template,
          recipients: emails.map((email) => email.to),
          ...('from' in send.attachment ? { from: send.attachment.from, to: send.attachment.to } : {}),
        },
      },
    ]);
    return { emails };
  }
}

/** What `document_sent` says of a document: its number, its total with the currency, a due date. */
function documentContext(
  document: { number: string | null; total: string; currency: string },
  dueDate: string | null,
): Record<string, string | null> {
  return {
    documentNumber: document.number,
    documentTotal: `${document.total} ${document.currency}`,
    dueDate,
    documentUrl: null,
  };
}
