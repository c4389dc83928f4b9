import { Module } from '@nestjs/common';
import { CurrenciesModule } from '../currencies/currencies.module';
import { CustomerTransactionsRepository } from './customer-transactions.repository';
import { CustomerTransactions } from './customer-transactions.service';

/**
 * The customer's side of its documents (transaction count, currency, address snapshot), for
 * the document modules: a part of the customers module in a folder of its own, below the
 * documents, which the customers module imports to re-address open documents.
 */
@Module({
  imports: [CurrenciesModule],
  providers: [CustomerTransactions, CustomerTransactionsRepository],
  exports: [CustomerTransactions],
})
export class CustomerTransactionsModule {}
