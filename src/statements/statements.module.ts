import { Module } from '@nestjs/common';
import { CustomerAccessModule } from '../access/access.module';
import { CreditNotesModule } from '../credit-notes/credit-notes.module';
import { CurrenciesModule } from '../currencies/currencies.module';
import { CustomerTransactionsModule } from '../customer-transactions/customer-transactions.module';
import { DocumentsModule } from '../documents/documents.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { SettingsModule } from '../settings/settings.module';
import { StatementsController } from './statements.controller';
import { StatementsService } from './statements.service';

/**
 * Customers' statements of account. It owns no table: invoices, payments, credit notes and
 * applied credit are summed and listed by the modules that own them (`InvoiceLedger`,
 * `CreditLedger`); this module orders, adds up and prints them.
 */
@Module({
  imports: [
    CustomerAccessModule,
    CustomerTransactionsModule,
    CurrenciesModule,
    SettingsModule,
    DocumentsModule,
    InvoicesModule,
    CreditNotesModule,
  ],
  controllers: [StatementsController],
  providers: [StatementsService],
  exports: [StatementsService],
})
export class StatementsModule {}
