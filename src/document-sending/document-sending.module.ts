import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { CreditNotesModule } from '../credit-notes/credit-notes.module';
import { CustomerTransactionsModule } from '../customer-transactions/customer-transactions.module';
import { EstimatesModule } from '../estimates/estimates.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { MailModule } from '../mail/mail.module';
import { StatementsModule } from '../statements/statements.module';
import { DocumentSending } from './document-sending.service';
import { DocumentSendingController } from './document-sending.controller';

/** Documents and statements emailed to contacts with their PDFs: above the documents, contacts and mail. */
@Module({
  imports: [
    InvoicesModule,
    EstimatesModule,
    CreditNotesModule,
    StatementsModule,
    ContactsModule,
    CustomerTransactionsModule,
    MailModule,
  ],
  controllers: [DocumentSendingController],
  providers: [DocumentSending],
})
export class DocumentSendingModule {}
