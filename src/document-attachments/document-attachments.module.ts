import { Module } from '@nestjs/common';
import { CreditNotesModule } from '../credit-notes/credit-notes.module';
import { EstimatesModule } from '../estimates/estimates.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { StatementsModule } from '../statements/statements.module';
import { DocumentAttachments } from './document-attachments.service';

/** The PDFs that emails carry, rendered at sending time by the document modules: below mail, above the documents. */
@Module({
  imports: [InvoicesModule, EstimatesModule, CreditNotesModule, StatementsModule],
  providers: [DocumentAttachments],
  exports: [DocumentAttachments],
})
export class DocumentAttachmentsModule {}
