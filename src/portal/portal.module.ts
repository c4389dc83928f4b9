import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { SessionsModule } from '../sessions/sessions.module';
import { SettingsModule } from '../settings/settings.module';
import { PortalMeController } from './portal-me.controller';
import { PortalProfiles } from './portal-profiles.service';

/**
 * The contacts' routes on the portal. They call the services of the modules that own the
 * data (contacts, customers, settings) under the contact's scope; the portal owns no table.
 */
@Module({
  imports: [AuthModule, ContactsModule, CustomersModule, SessionsModule, SettingsModule],
  controllers: [PortalMeController],
  providers: [PortalProfiles],
})
export class PortalModule {}
