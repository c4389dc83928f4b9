import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from '../contacts/contact.entity';
import { ContactsService } from '../contacts/contacts.service';
import { Currency } from '../currencies/currency.entity';
import { ExchangeRate } from '../currencies/exchange-rate.entity';
import { CustomerGroup } from '../groups/customer-group.entity';
import { CustomerAccess } from './customer-access.service';
import { CustomerActivityController } from './customer-activity.controller';
import { CustomerAdminsController } from './customer-admins.controller';
import { CustomerAdminsService } from './customer-admins.service';
import { Customer } from './customer.entity';
import { CustomerAdmin, CustomerGroupMember, CustomerSearchTerm } from './customer-links.entity';
import { CustomersController } from './customers.controller';
import { CustomersBulkService } from './customers-bulk.service';
import { CustomersService } from './customers.service';

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
  controllers: [CustomersController, CustomerAdminsController, CustomerActivityController],
  providers: [CustomersService, CustomersBulkService, CustomerAdminsService, CustomerAccess, ContactsService],
  exports: [CustomerAccess, CustomersService],
})
export class CustomersModule {}
