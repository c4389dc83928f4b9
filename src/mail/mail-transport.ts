import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
import type { TransportOptions } from 'nodemailer';
import { AppConfig } from '../config/environment';

export interface OutgoingEmail {
  /** The outbox row's id: the file name of an `.eml` and part of the Message-ID. */
  id: string;
  from: { address: string; name: string };
  to: { address: string; name: string };
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/**
 * The nodemailer transport of `@nestjs-modules/mailer`: the SMTP server of SMTP_URL, or
 * without it a transport that hands back the whole message, for a file.
 */
export function mailerTransport(config: AppConfig): TransportOptions | Record<string, unknown> {
  return config.smtpUrl
    ? { url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }
    : { streamTransport: true, buffer: true, newline: 'unix' };
}

/**
 * Where sent emails go, through the mailer module: the SMTP server of SMTP_URL, or without it
 * (the embedded default) one `.eml` file per email under MAIL_DIR, written to a temporary file
 * and renamed, so a reader never sees half an email. Answers the Message-ID.
 */
@Injectable()
export class MailTransport {
  private readonly dir: string;

  constructor(
    private readonly config: AppConfig,
    private readonly mailer: MailerService,
  ) {
    this.dir = resolve(config.mail.dir);
  }

  get toFiles(): boolean {
    return !this.config.smtpUrl;
  }

  /** The sender: the company's email from the settings, else no-reply at the application's host. */
  fromAddress(companyEmail: string | null, companyName: string): { address: string; name: string } {
    return { address: companyEmail ?? `no-reply@${this.host}`, name: companyName };
  }

  private get host(): string {
    return new URL(this.config.appUrl).hostname || 'localhost';
  }

  async send(email: OutgoingEmail): Promise<string> {
    const info: { messageId: string; message?: Buffer } = await this.mailer.sendMail({
      from: email.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      attachments: email.attachments,
      messageId: `<${email.id}@${this.host}>`,
    });
    if (this.toFiles) await this.writeFile(email.id, info.message!);
    return info.messageId;
  }

  private async writeFile(id: string, message: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temporary = join(this.dir, `.${id}.${randomUUID()}.tmp`);
    await writeFile(temporary, message);
    await rename(temporary, join(this.dir, `${id}.eml`));
  }
}
