import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAccessModule } from '../access/access.module';
import { CustomerContactsModule } from '../customer-contacts/customer-contacts.module';
import { MailModule } from '../mail/mail.module';
import { OneTimeLinksModule } from '../one-time-links/one-time-links.module';
import { SessionsModule } from '../sessions/sessions.module';
import { Contact } from './contact.entity';
import { ContactOutreach } from './contact-outreach.service';
import { ContactPasswords } from './contact-passwords.service';
import { ContactsController } from './contacts.controller';
import { ContactsForCustomers } from './contacts-for-customers.service';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { PortalContacts } from './portal-contacts.service';
import { DocumentRecipients } from './document-recipients.service';

/** The people of a customer who may sign into the portal: the one owner of `contacts`. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Contact]),
    CustomerAccessModule,
    CustomerContactsModule,
    MailModule,
    OneTimeLinksModule,
    SessionsModule,
  ],
  controllers: [ContactsController],
  providers: [
    ContactsService,
    ContactsRepository,
    ContactsForCustomers,
    ContactPasswords,
    ContactOutreach,
    PortalContacts,
    DocumentRecipients,
  ],
  exports: [ContactsService, ContactsForCustomers, ContactPasswords, PortalContacts, DocumentRecipients],
})
export class ContactsModule {}
