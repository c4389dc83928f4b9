import { Module } from '@nestjs/common';
import { CustomerContactsRepository } from './customer-contacts.repository';
import { CustomerContacts } from './customer-contacts.service';

/** The customer's side of a change of its contacts, for the contacts module (which the customers module imports). */
@Module({
  providers: [CustomerContacts, CustomerContactsRepository],
  exports: [CustomerContacts],
})
export class CustomerContactsModule {}
