import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PdfModule } from '@app/pdf';
import { CurrenciesModule } from '../currencies/currencies.module';
import { CustomerAccessModule } from '../customers/customer-access.module';
import { CustomerTransactionsModule } from '../customers/customer-transactions.module';
import { SettingsModule } from '../settings/settings.module';
import { DocumentNumbers } from './document-numbers.service';
import { DocumentSequence } from './document-sequence.entity';
import { Invoice, InvoiceItem } from './invoice.entity';
import { InvoicePdfService } from './invoice-pdf.service';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { Payment } from './payment.entity';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Invoices and their lines, their payments, and the document number series: the one owner of those tables; and invoice PDFs. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Invoice, InvoiceItem, DocumentSequence, Payment]),
    CustomerAccessModule,
    CustomerTransactionsModule,
    CurrenciesModule,
    SettingsModule,
    PdfModule,
  ],
  controllers: [InvoicesController, PaymentsController],
  providers: [InvoicesService, PaymentsService, DocumentNumbers, InvoicePdfService],
  exports: [InvoicesService, PaymentsService, DocumentNumbers],
})
export class InvoicesModule {}
