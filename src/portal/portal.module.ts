import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { SessionsModule } from '../sessions/sessions.module';
import { SettingsModule } from '../settings/settings.module';
import { PortalContactsController } from './portal-contacts.controller';
import { PortalContactsManagement } from './portal-contacts.service';
import { PortalMeController } from './portal-me.controller';
import { PortalProfiles } from './portal-profiles.service';
import { PortalRegistrationController, RegistrationConfirmationController } from './portal-registration.controller';
import { PortalRegistrations } from './portal-registrations.service';
import { StaffModule } from '../staff/staff.module';
import { MailModule } from '../mail/mail.module';
import { CustomerAccessModule } from '../access/access.module';
import { CreditNotesModule } from '../credit-notes/credit-notes.module';
import { EstimatesModule } from '../estimates/estimates.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { PortalDocuments } from './portal-documents.service';
import { PortalStatementController } from './portal-statement.controller';
import { StatementsModule } from '../statements/statements.module';
import { PortalEstimatesController } from './portal-estimates.controller';
import { PortalCreditNotesController, PortalInvoicesController } from './portal-invoices.controller';

/**
 * The contacts' routes on the portal (and confirming a registration made there). They call the services of the modules that own the
 * data (contacts, customers, settings, invoices, credit notes, estimates) under the contact's scope; the portal owns no table.
 */
@Module({
  imports: [
    AuthModule,
    ContactsModule,
    CreditNotesModule,
    CustomerAccessModule,
    CustomersModule,
    EstimatesModule,
    InvoicesModule,
    MailModule,
    SessionsModule,
    SettingsModule,
    StaffModule,
    StatementsModule,
  ],
  controllers: [
    PortalMeController,
    PortalContactsController,
    PortalRegistrationController,
    RegistrationConfirmationController,
    PortalInvoicesController,
    PortalCreditNotesController,
    PortalEstimatesController,
    PortalStatementController,
  ],
  providers: [PortalProfiles, PortalContactsManagement, PortalRegistrations, PortalDocuments],
})
export class PortalModule {}
