import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactsModule } from '../contacts/contacts.module';
import { CreditNotesModule } from '../credit-notes/credit-notes.module';
import { EstimatesModule } from '../estimates/estimates.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { CurrenciesModule } from '../currencies/currencies.module';
import { GroupsModule } from '../groups/groups.module';
import { MailModule } from '../mail/mail.module';
import { StaffModule } from '../staff/staff.module';
import { CustomerAccessModule } from '../access/access.module';
import { CustomerContactsModule } from '../customer-contacts/customer-contacts.module';
import { CustomerActivityController } from './customer-activity.controller';
import { CustomerAdminsController } from './customer-admins.controller';
import { CustomerAdminsRepository } from './customer-admins.repository';
import { CustomerAdminsService } from './customer-admins.service';
import { Customer } from './customer.entity';
import { CustomerAdmin, CustomerSearchTerm } from './customer-links.entity';
import { CustomersController } from './customers.controller';
import { CustomerDuplicates } from './customer-duplicates.service';
import { CustomersBulkService } from './customers-bulk.service';
import { CustomersExport } from './customers-export.service';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { CustomerRegistrations } from './customer-registrations.service';
import { OpenDocuments } from './open-documents.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Customer, CustomerAdmin, CustomerSearchTerm]),
    CustomerAccessModule,
    CustomerContactsModule,
    ContactsModule,
    CreditNotesModule,
    CurrenciesModule,
    EstimatesModule,
    InvoicesModule,
    GroupsModule,
    MailModule,
    StaffModule,
  ],
  controllers: [CustomersController, CustomerAdminsController, CustomerActivityController],
  providers: [
    CustomersService,
    CustomersRepository,
    CustomerDuplicates,
    CustomersExport,
    CustomersBulkService,
    CustomerAdminsService,
    CustomerAdminsRepository,
    OpenDocuments,
    CustomerRegistrations,
  ],
  exports: [CustomersService, CustomerRegistrations],
})
export class CustomersModule {}
