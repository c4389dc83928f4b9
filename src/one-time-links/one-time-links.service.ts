import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { LinkPurpose, OneTimeLink } from './one-time-link.entity';

/** How long a link works: a set-password link 48 hours, a password-reset link 1 hour. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  set_password: 48 * 3600_000,
  reset_password: 3600_000,
};

/** A token as it travels in a link: 32 random bytes, base64url (43 characters). */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedLink {
  token: string;
  expiresAt: Date;
}

/**
 * One-time links for contacts (set a password, reset it). A link is issued when its email is
 * sent, so the token itself is never stored anywhere but in that email; consuming one is a
 * guarded update, so two uses at once still let only one through. Calls join the caller's
 * transaction.
 */
@Injectable()
export class OneTimeLinks {
  constructor(private readonly connection: TransactionalConnection) {}

  private get links() {
    return this.connection.getRepository(OneTimeLink);
  }

  async issue(purpose: LinkPurpose, contactId: string, now = new Date()): Promise<IssuedLink> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[purpose]);
    await this.links.insert({
      id: uuidv7(now.getTime()),
      purpose,
      contactId,
      tokenHash: digest(token),
      expiresAt,
      usedAt: null,
      createdAt: now,
    });
    return { token, expiresAt };
  }

  /** Whether the token is a link of these purposes, unused and alive (a read, nothing used). */
  async isUsable(token: string, purposes: readonly LinkPurpose[], now = new Date()): Promise<boolean> {
    return (await this.usable(token, purposes, now)) !== null;
  }

  private async usable(token: string, purposes: readonly LinkPurpose[], now: Date): Promise<OneTimeLink | null> {
    if (!LINK_TOKEN_PATTERN.test(token)) return null;
    const link = await this.links.findOneBy({ tokenHash: digest(token) });
    return link && !link.usedAt && link.expiresAt > now && purposes.includes(link.purpose) ? link : null;
  }

  /**
   * Uses the link of this token, if it is one of these purposes, unused and alive, answering
   * its contact; otherwise null (unknown, used, expired: one answer, nothing to tell apart).
   * Every other open link of the contact dies with it: the password they were for is set.
   */
  async consume(token: string, purposes: readonly LinkPurpose[], now = new Date()): Promise<string | null> {
    const link = await this.usable(token, purposes, now);
    if (!link) return null;
    const taken = await this.links
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL', { id: link.id })
      .execute();
    if (!taken.affected) return null; // a concurrent use won
    await this.links
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('contact_id = :contactId AND used_at IS NULL', { contactId: link.contactId })
      .execute();
    return link.contactId;
  }
}
