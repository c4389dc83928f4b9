import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CurrenciesModule } from '../currencies/currencies.module';
import { CustomerTransactions } from './customer-transactions.service';
import { Customer } from './customer.entity';

/** The customer's side of its documents (transaction count, currency, address snapshot), for the document modules. */
@Module({
  imports: [TypeOrmModule.forFeature([Customer]), CurrenciesModule],
  providers: [CustomerTransactions],
  exports: [CustomerTransactions],
})
export class CustomerTransactionsModule {}
