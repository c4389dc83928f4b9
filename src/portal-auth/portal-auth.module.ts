import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { OneTimeLinksModule } from '../one-time-links/one-time-links.module';
import { PortalAuthController } from './portal-auth.controller';
import { PortalPasswords } from './portal-passwords.service';

/** How contacts get into the portal: for now, setting a password with a one-time link. */
@Module({
  imports: [ContactsModule, OneTimeLinksModule],
  controllers: [PortalAuthController],
  providers: [PortalPasswords],
})
export class PortalAuthModule {}
