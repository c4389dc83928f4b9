import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAccessModule } from '../access/access.module';
import { CurrenciesModule } from '../currencies/currencies.module';
import { CustomerTransactionsModule } from '../customer-transactions/customer-transactions.module';
import { DocumentsModule } from '../documents/documents.module';
import { SettingsModule } from '../settings/settings.module';
import { InvoiceBalances } from './invoice-balances.service';
import { InvoiceLedger } from './invoice-ledger.service';
import { Invoice, InvoiceItem } from './invoice.entity';
import { InvoicesController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';
import { Payment } from './payment.entity';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { RevenueMonth } from './revenue-month.entity';
import { RevenueMonthsRepository } from './revenue-months.repository';
import { RevenueMonths } from './revenue-months.service';

/** Invoices and their lines, their payments, and the revenue per customer and month they make: the one owner of those tables. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Invoice, InvoiceItem, Payment, RevenueMonth]),
    DocumentsModule,
    CurrenciesModule,
    CustomerAccessModule,
    CustomerTransactionsModule,
    SettingsModule,
  ],
  controllers: [InvoicesController, PaymentsController],
  providers: [
    InvoicesRepository,
    PaymentsRepository,
    RevenueMonthsRepository,
    InvoicesService,
    PaymentsService,
    InvoiceBalances,
    RevenueMonths,
    InvoiceLedger,
  ],
  exports: [InvoicesService, PaymentsService, InvoiceBalances, InvoiceLedger],
})
export class InvoicesModule {}
