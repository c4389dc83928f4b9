import { Module } from '@nestjs/common';
import { EmailRecipients } from '../mail/email-recipients';
import { ContactRecipients } from './contact-recipients.repository';

/**
 * Provides the mail module's `EmailRecipients` from the contacts table: a part of the
 * contacts module in a folder of its own (mail imports this; it imports nothing of mail's).
 */
@Module({
  providers: [{ provide: EmailRecipients, useClass: ContactRecipients }],
  exports: [EmailRecipients],
})
export class ContactRecipientsModule {}
