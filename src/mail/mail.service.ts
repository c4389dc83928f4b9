import { Injectable } from '@nestjs/common';
import { caseKey, uuidv7 } from '@app/common';
import type { CancelReason, EmailStatus } from './outbox-email.entity';
import { EmailsAbout, OutboxEmailsRepository } from './outbox-emails.repository';
import type { TemplateName } from '../email-templates/template-catalogue';
import type { LinkPurpose } from '../one-time-links/one-time-link.entity';
import type { AttachmentRef } from '../document-attachments/attachment';

export interface EmailRequest {
  template: TemplateName;
  /** The recipient's language; null sends in the system default language. */
  language: string | null;
  to: { email: string; name: string | null };
  customerId?: string | null;
  contactId?: string | null;
  /** The values the template is rendered with, besides the company name and portal address. */
  context: Record<string, string | null>;
  /** A one-time link for the contact, issued when the email is sent. */
  link?: LinkPurpose | null;
  /** A document's PDF it carries, rendered when it is sent. */
  attachment?: AttachmentRef | null;
}

/**
 * The only way mail leaves: `enqueue` writes an outbox row in the caller's transaction (so a
 * rolled-back change sends nothing), and the outbox worker sends it later. Nothing is sent
 * inline.
 */
@Injectable()
export class MailService {
  constructor(private readonly emails: OutboxEmailsRepository) {}

  enqueue(request: EmailRequest): Promise<string> {
    return this.write(request, 'queued', null);
  }

  /**
   * Writes an email that will not go, already cancelled, the way `enqueue` writes one: for a
   * request that must cost the same whether or not it leads to an email (the list shows it).
   */
  recordCancelled(request: EmailRequest, reason: CancelReason): Promise<string> {
    return this.write(request, 'cancelled', reason);
  }

  private async write(request: EmailRequest, status: EmailStatus, lastError: string | null): Promise<string> {
    const now = new Date();
    const id = uuidv7(now.getTime());
    await this.emails.insert({
      id,
      template: request.template,
      language: request.language,
      toEmail: caseKey(request.to.email),
      toName: request.to.name,
      customerId: request.customerId ?? null,
      contactId: request.contactId ?? null,
      context: request.context,
      link: request.link ?? null,
      attachment: request.attachment ?? null,
      status,
      attempts: 0,
      nextAttemptAt: now,
      claimedBy: null,
      leaseUntil: null,
      lastError,
      messageId: null,
      createdAt: now,
      sentAt: null,
    });
    return id;
  }

  /**
   * Cancels the emails still waiting to go about a customer, or to some contacts, in the
   * caller's transaction (an email being sent at this moment is checked by the worker).
   */
  async cancelQueued(about: EmailsAbout, reason: CancelReason): Promise<void> {
    if ('contactIds' in about && about.contactIds.length === 0) return;
    await this.emails.cancelQueued(about, reason);
  }
}
