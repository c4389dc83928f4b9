import { Module } from '@nestjs/common';
import { CustomerAccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { ContactsModule } from '../contacts/contacts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { OneTimeLinksModule } from '../one-time-links/one-time-links.module';
import { LoginAsClientController } from './login-as-client.controller';
import { LoginAsClient } from './login-as-client.service';
import { PortalAuthController } from './portal-auth.controller';
import { PortalPasswords } from './portal-passwords.service';
import { PortalSignIn } from './portal-sign-in.service';

/** How contacts get into the portal: signing in, refreshing, signing out, setting a password with a one-time link, and administrators logging in as a client. */
@Module({
  imports: [AuthModule, ContactsModule, CustomerAccessModule, OneTimeLinksModule, SessionsModule],
  controllers: [PortalAuthController, LoginAsClientController],
  providers: [PortalPasswords, PortalSignIn, LoginAsClient],
})
export class PortalAuthModule {}
