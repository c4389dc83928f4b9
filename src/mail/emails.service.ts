import { Injectable } from '@nestjs/common';
import { mapPage, Page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { StaffActor } from '../permissions/actor';
import { EmailDto, EmailListQueryDto } from './dto/email.dto';
import { emailNotFailed, emailNotFound } from './mail.errors';
import { OutboxEmail } from './outbox-email.entity';
import { OutboxEmailsRepository } from './outbox-emails.repository';

export const toEmailDto = (email: OutboxEmail): EmailDto => ({
  id: email.id,
  template: email.template,
  language: email.language,
  recipientEmail: email.toEmail,
  recipientName: email.toName,
  customerId: email.customerId,
  contactId: email.contactId,
  status: email.status,
  attempts: email.attempts,
  nextAttemptAt: email.nextAttemptAt.toISOString(),
  lastError: email.lastError,
  messageId: email.messageId,
  createdAt: email.createdAt.toISOString(),
  sentAt: email.sentAt?.toISOString() ?? null,
});

/**
 * The outbox as staff see it: under the customer access rule (staff with `customers.view_own`
 * see the emails of the customers they administer; an email about no customer only staff who
 * see every customer), newest first.
 */
@Injectable()
export class EmailsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly emails: OutboxEmailsRepository,
  ) {}

  async list(actor: StaffActor, query: EmailListQueryDto): Promise<Page<EmailDto>> {
    return mapPage(await this.emails.listPage(actor, query), toEmailDto);
  }

  /** A failed email queued again, due now, with a fresh count of attempts; 409 unless failed. */
  async retry(actor: StaffActor, id: string): Promise<EmailDto> {
    return this.connection.transaction(async () => {
      const email = await this.emails.findVisible(actor, id);
      if (!email) throw emailNotFound();
      const now = new Date();
      if (!(await this.emails.requeueFailed(id, now))) throw emailNotFailed(email.status);
      return toEmailDto({ ...email, status: 'queued', attempts: 0, nextAttemptAt: now });
    });
  }
}
