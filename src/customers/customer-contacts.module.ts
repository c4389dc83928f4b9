import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerContacts } from './customer-contacts.service';
import { CustomerSearchTerm } from './customer-links.entity';
import { Customer } from './customer.entity';

/** The customer's side of a change of its contacts, for the contacts module (which customers imports). */
@Module({
  imports: [TypeOrmModule.forFeature([Customer, CustomerSearchTerm])],
  providers: [CustomerContacts],
  exports: [CustomerContacts],
})
export class CustomerContactsModule {}
