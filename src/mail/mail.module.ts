import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailerModule } from '@nestjs-modules/mailer';
import { AppConfig } from '../config/environment';
import { ContactRecipientsModule } from '../contact-recipients/contact-recipients.module';
import { CustomerAccessModule } from '../access/access.module';
import { DocumentAttachmentsModule } from '../document-attachments/document-attachments.module';
import { EmailTemplatesModule } from '../email-templates/email-templates.module';
import { OneTimeLinksModule } from '../one-time-links/one-time-links.module';
import { SettingsModule } from '../settings/settings.module';
import { EmailsController } from './emails.controller';
import { EmailsService } from './emails.service';
import { MailTransport, mailerTransport } from './mail-transport';
import { MailService } from './mail.service';
import { OutboxEmail } from './outbox-email.entity';
import { OutboxEmailsRepository } from './outbox-emails.repository';
import { OutboxWorker } from './outbox-worker';

/** Email: the transactional outbox and its list, the worker that sends it, and the transport. */
@Module({
  imports: [
    TypeOrmModule.forFeature([OutboxEmail]),
    MailerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ transport: mailerTransport(config) }),
    }),
    SettingsModule,
    CustomerAccessModule,
    EmailTemplatesModule,
    OneTimeLinksModule,
    ContactRecipientsModule,
    DocumentAttachmentsModule,
  ],
  controllers: [EmailsController],
  providers: [OutboxEmailsRepository, MailService, EmailsService, MailTransport, OutboxWorker],
  exports: [MailService],
})
export class MailModule {}
