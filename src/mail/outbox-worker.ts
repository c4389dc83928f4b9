import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TransactionalConnection, isMissingReference } from '@app/database';
import { AppConfig } from '../config/environment';
import type { Settings } from '../settings/settings';
import { SettingsService } from '../settings/settings.service';
import { EmailTemplates } from '../email-templates/email-templates.service';
import { TemplateFormatError } from '../email-templates/template-source';
import { TEMPLATES, isTemplateName } from '../email-templates/template-catalogue';
import { LINK_LIFETIME_MS, OneTimeLinks } from '../one-time-links/one-time-links.service';
import type { LinkPurpose } from '../one-time-links/one-time-link.entity';
import { ContactRecipient, ContactRecipients } from '../contact-recipients/contact-recipients.service';
import { ATTACHMENT_NEEDS } from '../document-attachments/attachment';
import { DocumentAttachments } from '../document-attachments/document-attachments.service';
import { MailTransport } from './mail-transport';
import type { CancelReason } from './outbox-email.entity';
import { LAST_ERROR_LENGTH, OutboxEmail } from './outbox-email.entity';
import { OutboxEmailsRepository } from './outbox-emails.repository';

/** How long shutdown waits for a send in flight before it gives the email back. */
export const SHUTDOWN_GRACE_MS = 10_000;
const CANDIDATES = 10;

interface DrainPass {
  settings?: Settings;
}
const MAX_BACKOFF_MS = 24 * 60 * 60_000;

/**
 * The delay before attempt `attempts + 1`: the base doubled per attempt made, capped, with
 * jitter (between half and all of it) so instances retrying together spread out.
 */
export function backoffMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Why an email to a contact may not go now, or null: it goes only to the address the
 * contact had when it was queued, while the contact and its customer are active.
 */
function recipientRefusal(contact: ContactRecipient | null, email: OutboxEmail): CancelReason | null {
  if (!contact) return 'contact deleted';
  if (contact.emailKey !== email.toEmail) return 'contact email changed';
  if (!contact.active) return 'contact inactive';
  if (!contact.customerActive) return 'customer inactive';
  if (email.attachment && !contact.permissions.includes(ATTACHMENT_NEEDS[email.attachment.kind])) {
    return 'contact not permitted';
  }
  return null;
}

const describe = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, LAST_ERROR_LENGTH);

/**
 * Sends the outbox, started with the application (MAIL_POLL_INTERVAL_MS, 0 turns it off).
 * Every instance on the database may run one: a due email is claimed with a guarded update
 * (`... WHERE id = ? AND (lease_until IS NULL OR lease_until < now)`), never `SKIP LOCKED`,
 * in a transaction of the transaction helper (serialised with requests on SQLite); it is sent
 * and then marked sent, or queued again with backoff, or failed after the last attempt. A
 * claim whose lease ran out (its instance died mid-send) is claimed again.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly instanceId = `${hostname().slice(0, 50)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** How long shutdown waits for a send in flight (tests shorten it). */
  shutdownGraceMs = SHUTDOWN_GRACE_MS;
  private readonly logger = new Logger(OutboxWorker.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private inFlight: string | null = null;
  private stopping = false;
  private pollIntervalMs = 0;

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly templates: EmailTemplates,
    private readonly transport: MailTransport,
    private readonly links: OneTimeLinks,
    private readonly recipients: ContactRecipients,
    private readonly emails: OutboxEmailsRepository,
    private readonly attachments: DocumentAttachments,
  ) {}

  onApplicationBootstrap(): void {
    this.start(this.config.mail.pollIntervalMs);
  }

  /** Polls every `pollIntervalMs` from now on (0 leaves the worker off). */
  start(pollIntervalMs: number): void {
    this.pollIntervalMs = pollIntervalMs;
    if (pollIntervalMs > 0 && !this.timer && !this.stopping) this.schedule(0);
  }

  /**
   * Stops polling and lets a send in flight finish for a bounded time; after that its claim
   * is released, so another instance sends the email.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    if (this.draining) {
      let timeout: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>(
        (resolve) => (timeout = setTimeout(() => resolve('timeout'), this.shutdownGraceMs)),
      );
      const outcome = await Promise.race([this.draining, gaveUp]);
      clearTimeout(timeout);
      if (outcome === 'timeout' && this.inFlight) await this.release(this.inFlight).catch(() => undefined);
    }
  }

  /** Sends every due email, one at a time, until none is left; answers how many it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    // The settings (sender, company, portal address) are read once per pass, not per email.
    const pass: DrainPass = {};
    while (!this.stopping) {
      const email = await this.claimNext();
      if (!email) break;
      await this.deliver(email, pass);
      handled++;
    }
    return handled;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.draining = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`outbox: ${describe(error)}`))
        .finally(() => {
          this.draining = undefined;
          if (!this.stopping) this.schedule(this.pollIntervalMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** The next due email, claimed by this instance (a lost race tries the next candidate). */
  private claimNext(): Promise<OutboxEmail | null> {
    return this.connection.transaction(async () => {
      const now = new Date();
      const leaseUntil = new Date(now.getTime() + this.config.mail.leaseMs);
      for (const id of await this.emails.dueIds(now, CANDIDATES)) {
        if (await this.emails.claim(id, this.instanceId, now, leaseUntil)) return this.emails.findByIdOrFail(id);
      }
      return null;
    });
  }

  private async deliver(email: OutboxEmail, pass: DrainPass): Promise<void> {
    this.inFlight = email.id;
    try {
      const refused = await this.refusal(email);
      if (refused) {
        await this.finish(email.id, { status: 'cancelled', lastError: refused });
        return;
      }
      const settings = (pass.settings ??= await this.settings.current());
      const company = settings.company.name ?? 'CRM';
      const values = {
        ...email.context,
        companyName: company,
        portalUrl: settings.portalUrl,
        email: email.toEmail,
      };
      const template = await this.templates.forSending(email.template, [email.language, settings.defaultLanguage]);
      // Switched off: cancelled, and no link issued for it.
      if (!template) {
        await this.finish(email.id, { status: 'cancelled', lastError: 'template disabled' });
        return;
      }
      if (email.link && email.contactId) {
        const link = await this.issueLink(email.link, email.contactId, email.toEmail, settings);
        // The contact was deleted after the email left the queue: no one to send the link to.
        if (!link) {
          await this.finish(email.id, { status: 'cancelled', lastError: 'contact deleted' satisfies CancelReason });
          return;
        }
        Object.assign(values, link);
      }
      const rendered = template.render(values);
      const attachment =
        email.attachment &&
        (await this.attachments.render(email.attachment, email.language ?? settings.defaultLanguage));
      if (email.attachment && !attachment) {
        await this.finish(email.id, { status: 'cancelled', lastError: 'document deleted' satisfies CancelReason });
        return;
      }
      const messageId = await this.transport.send({
        id: email.id,
        from: this.transport.fromAddress(settings.company.email, company),
        to: { address: email.toEmail, name: email.toName ?? '' },
        subject: rendered.subject,
        text: rendered.text,
        attachments: attachment ? [attachment] : undefined,
      });
      await this.finish(email.id, {
        status: 'sent',
        language: rendered.language,
        messageId: messageId.slice(0, 255),
        sentAt: new Date(),
        lastError: null,
      });
    } catch (error) {
      const last = error instanceof TemplateFormatError || email.attempts >= this.config.mail.maxAttempts;
      this.logger.warn(`outbox: email ${email.id} attempt ${email.attempts} failed: ${describe(error)}`);
      await this.finish(
        email.id,
        last
          ? { status: 'failed', lastError: describe(error) }
          : {
              status: 'queued',
              lastError: describe(error),
              nextAttemptAt: new Date(Date.now() + backoffMs(email.attempts, this.config.mail.retryBaseMs)),
            },
      );
    } finally {
      this.inFlight = null;
    }
  }

  /**
   * Why an email may no longer go to its contact (see `recipientRefusal`), checked as it is
   * sent: a retry, or an email queued just before a change, never reaches an old address or
   * a contact who may no longer sign in. Emails of templates for staff have no contact
   * recipient, whatever contact they are about.
   */
  private async refusal(email: OutboxEmail): Promise<CancelReason | null> {
    if (!email.contactId || !isTemplateName(email.template)) return null;
    if (TEMPLATES[email.template].recipient !== 'contact') return null;
    return recipientRefusal(await this.recipients.contact(email.contactId), email);
  }

  /**
   * A one-time link for the contact, issued now so that its token exists only in this email
   * (a retry issues another; each dies when any of them is used), bound to the address the
   * email goes to. It points at the portal. Null when the contact no longer exists.
   */
  private async issueLink(
    purpose: LinkPurpose,
    contactId: string,
    emailKey: string,
    settings: Settings,
  ): Promise<Record<string, string> | null> {
    const token = await this.connection
      .transaction(() => this.links.issue(purpose, contactId, emailKey))
      .catch((error: unknown) => {
        if (isMissingReference(error)) return null;
        throw error;
      });
    if (token === null) return null;
    const base = (settings.portalUrl ?? this.config.appUrl).replace(/\/+$/, '');
    const minutes = LINK_LIFETIME_MS[purpose] / 60_000;
    return purpose === 'set_password'
      ? { setPasswordUrl: `${base}/set-password?token=${token}`, linkValidHours: String(minutes / 60) }
      : { resetPasswordUrl: `${base}/reset-password?token=${token}`, linkValidMinutes: String(minutes) };
  }

  /** Records the outcome, only while this instance still holds the claim. */
  private finish(id: string, outcome: Partial<OutboxEmail>): Promise<unknown> {
    return this.connection.transaction(() => this.emails.finish(id, this.instanceId, outcome));
  }

  /** Gives a claimed email back: queued and due at once, for another instance. */
  private release(id: string): Promise<unknown> {
    return this.finish(id, { status: 'queued', nextAttemptAt: new Date() });
  }
}
