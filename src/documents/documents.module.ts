import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PdfModule } from '@app/pdf';
import { CurrenciesModule } from '../currencies/currencies.module';
import { CustomerAccessModule } from '../access/access.module';
import { CustomerTransactionsModule } from '../customer-transactions/customer-transactions.module';
import { SettingsModule } from '../settings/settings.module';
import { DocumentLifecycles } from './document-lifecycle';
import { DocumentNumbersRepository } from './document-numbers.repository';
import { DocumentNumbers } from './document-numbers.service';
import { DocumentPdfs } from './document-pdfs.service';
import { DocumentSequence } from './document-sequence.entity';

/**
 * What sales documents share: the number series (the one owner of `document_sequences`),
 * their PDFs, the lifecycle each kind configures (reads and lists with lines, versioned
 * writes, line replacement, activity), and, as plain code, the columns, lines, address
 * snapshots and line pricing.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DocumentSequence]),
    CurrenciesModule,
    CustomerAccessModule,
    CustomerTransactionsModule,
    SettingsModule,
    PdfModule,
  ],
  providers: [DocumentNumbersRepository, DocumentNumbers, DocumentPdfs, DocumentLifecycles],
  exports: [DocumentNumbers, DocumentPdfs, DocumentLifecycles],
})
export class DocumentsModule {}
