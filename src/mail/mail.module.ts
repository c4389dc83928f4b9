import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsModule } from '../settings/settings.module';
import { MailTemplates } from './mail-templates';
import { MailTransport } from './mail-transport';
import { MailService } from './mail.service';
import { OutboxEmail } from './outbox-email.entity';
import { OutboxWorker } from './outbox-worker';

/** Email: the transactional outbox, its templates, the worker that sends it and the transport. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEmail]), SettingsModule],
  providers: [MailService, MailTemplates, MailTransport, OutboxWorker],
  exports: [MailService],
})
export class MailModule {}
