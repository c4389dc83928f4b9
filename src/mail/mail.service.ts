import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { OutboxEmail } from './outbox-email.entity';
import { TemplateName } from './mail-templates';

export interface EmailRequest {
  template: TemplateName;
  /** The recipient's language; null sends in the system default language. */
  language: string | null;
  to: { email: string; name: string | null };
  customerId?: string | null;
  contactId?: string | null;
  /** The values the template is rendered with, besides the company name and portal address. */
  context: Record<string, string | null>;
}

/**
 * The only way mail leaves: `enqueue` writes an outbox row in the caller's transaction (so a
 * rolled-back change sends nothing), and the outbox worker sends it later. Nothing is sent
 * inline.
 */
@Injectable()
export class MailService {
  constructor(private readonly connection: TransactionalConnection) {}

  async enqueue(request: EmailRequest): Promise<string> {
    const now = new Date();
    const id = uuidv7(now.getTime());
    await this.connection.insert(OutboxEmail, [
      {
        id,
        template: request.template,
        language: request.language,
        toEmail: request.to.email.toLowerCase(),
        toName: request.to.name,
        customerId: request.customerId ?? null,
        contactId: request.contactId ?? null,
        context: request.context,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        claimedBy: null,
        leaseUntil: null,
        lastError: null,
        messageId: null,
        createdAt: now,
        sentAt: null,
      },
    ]);
    return id;
  }
}
