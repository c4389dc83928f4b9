import { Injectable } from '@nestjs/common';
import { MailService } from '../mail/mail.service';
import type { CancelReason } from '../mail/outbox-email.entity';
import { OneTimeLinks } from '../one-time-links/one-time-links.service';

/** What reaches a contact from outside: its open one-time links and the emails queued to it. */
@Injectable()
export class ContactOutreach {
  constructor(
    private readonly mail: MailService,
    private readonly links: OneTimeLinks,
  ) {}

  /** Ends the contacts' open links and cancels the emails queued to them, in the caller's transaction. */
  async end(contactIds: string[], reason: CancelReason, now = new Date()): Promise<void> {
    await this.links.end(contactIds, now);
    await this.mail.cancelQueued({ contactIds }, reason);
  }
}
