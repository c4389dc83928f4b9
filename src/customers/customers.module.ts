import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from '../contacts/contact.entity';
import { Currency } from '../currencies/currency.entity';
import { ExchangeRate } from '../currencies/exchange-rate.entity';
import { CustomerGroup } from '../groups/customer-group.entity';
import { Customer } from './customer.entity';
import { CustomerAdmin, CustomerGroupMember, CustomerSearchTerm } from './customer-links.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Customer,
      CustomerGroupMember,
      CustomerAdmin,
      CustomerSearchTerm,
      Contact,
      Currency,
      ExchangeRate,
      CustomerGroup,
    ]),
  ],
})
export class CustomersModule {}
