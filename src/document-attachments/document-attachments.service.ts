import { Injectable } from '@nestjs/common';
import { CreditNotesService } from '../credit-notes/credit-notes.service';
import type { DocumentPdf } from '../documents/document-pdfs.service';
import { ignoreNotFound } from '../documents/documents.errors';
import { EstimatesService } from '../estimates/estimates.service';
import { InvoicesService } from '../invoices/invoices.service';
import { StatementsService } from '../statements/statements.service';
import type { AttachmentRef, RenderedAttachment } from './attachment';

/**
 * The files outbox emails carry, rendered by the modules that own them when the email is
 * sent (so it shows the document as it is then), in the email's language: a part of the
 * documents below mail, so that mail never imports a document module that sends mail.
 */
@Injectable()
export class DocumentAttachments {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly estimates: EstimatesService,
    private readonly creditNotes: CreditNotesService,
    private readonly statements: StatementsService,
  ) {}

  /** The file, or null when its document no longer exists. */
  async render(ref: AttachmentRef, language: string): Promise<RenderedAttachment | null> {
    const pdf = await this.pdf(ref, language);
    return pdf && { filename: pdf.filename, content: pdf.content, contentType: 'application/pdf' };
  }

  private async pdf(ref: AttachmentRef, language: string): Promise<DocumentPdf | null> {
    switch (ref.kind) {
      case 'invoice':
        return this.invoices.pdfToSend(ref.id, language);
      case 'estimate':
        return this.estimates.pdfToSend(ref.id, language);
      case 'credit_note':
        return this.creditNotes.pdfToSend(ref.id, language);
      case 'statement': {
        const statement = await this.statements
          .ofCustomer(ref.id, { from: ref.from, to: ref.to })
          .catch((error: unknown) => ignoreNotFound(error));
        return statement && this.statements.pdf(statement, language);
      }
    }
  }
}
