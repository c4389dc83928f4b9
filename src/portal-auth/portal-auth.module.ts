import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContactsModule } from '../contacts/contacts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { OneTimeLinksModule } from '../one-time-links/one-time-links.module';
import { PortalAuthController } from './portal-auth.controller';
import { PortalPasswords } from './portal-passwords.service';
import { PortalSignIn } from './portal-sign-in.service';

/** How contacts get into the portal: signing in, refreshing, signing out, and setting a password with a one-time link. */
@Module({
  imports: [AuthModule, ContactsModule, OneTimeLinksModule, SessionsModule],
  controllers: [PortalAuthController],
  providers: [PortalPasswords, PortalSignIn],
})
export class PortalAuthModule {}
