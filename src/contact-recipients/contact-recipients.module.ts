import { Module } from '@nestjs/common';
import { ContactRecipientsRepository } from './contact-recipients.repository';
import { ContactRecipients } from './contact-recipients.service';

/** The contacts as the outbox worker sees them before sending: a part of the contacts module that mail imports. */
@Module({
  providers: [ContactRecipients, ContactRecipientsRepository],
  exports: [ContactRecipients],
})
export class ContactRecipientsModule {}
