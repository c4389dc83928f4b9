import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@app/common';
import { LinkPurpose, OneTimeLink } from './one-time-link.entity';
import { OneTimeLinksRepository } from './one-time-links.repository';

/** How long a link works: a set-password link 48 hours, a password-reset link 1 hour. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  set_password: 48 * 3600_000,
  reset_password: 3600_000,
};

/** A token as it travels in a link: 32 random bytes, base64url (43 characters). */
export const LINK_TOKEN_LENGTH = 43;
export const LINK_TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${LINK_TOKEN_LENGTH}}$`);

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * One-time links for contacts (set a password, reset it). A link is issued when its email is
 * sent, so the token itself is never stored anywhere but in that email, and it is bound to
 * the address that email goes to: whoever uses it must check that the contact still has it.
 * Using one is a guarded update, so two uses at once still let only one through. Calls join
 * the caller's transaction.
 */
@Injectable()
export class OneTimeLinks {
  constructor(private readonly links: OneTimeLinksRepository) {}

  /**
   * A new link for the contact, sent to the address of `emailKey`, answering its token (which
   * only the email will hold). A new reset link ends the contact's other open reset links, so
   * at most one of them is alive.
   */
  async issue(purpose: LinkPurpose, contactId: string, emailKey: string, now = new Date()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    if (purpose === 'reset_password') await this.end([contactId], now, purpose);
    await this.links.insert({
      id: uuidv7(now.getTime()),
      purpose,
      contactId,
      emailKey,
      tokenHash: digest(token),
      expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[purpose]),
      usedAt: null,
      createdAt: now,
    });
    return token;
  }

  /** The link of this token while it is unused and alive (a read, nothing used); null otherwise. */
  async usable(token: string, now = new Date()): Promise<OneTimeLink | null> {
    if (!LINK_TOKEN_PATTERN.test(token)) return null;
    const link = await this.links.findByTokenHash(digest(token));
    return link && !link.usedAt && link.expiresAt > now ? link : null;
  }

  /**
   * Uses a link found usable, if it still is (unused and alive), answering its contact;
   * otherwise null (a concurrent use won, or it expired since). Every other open link of the
   * contact dies with it: the password they were for is set.
   */
  async consume(link: OneTimeLink, now = new Date()): Promise<string | null> {
    if (!(await this.links.markUsed(link.id, now))) return null;
    await this.end([link.contactId], now);
    return link.contactId;
  }

  /**
   * Ends the open links of these contacts (of one purpose, or all), in the caller's
   * transaction: their address changed, or they or their customer may no longer sign in.
   */
  async end(contactIds: readonly string[], now = new Date(), purpose?: LinkPurpose): Promise<void> {
    if (contactIds.length === 0) return;
    await this.links.markUnusedOfContactsUsed(contactIds, now, purpose);
  }
}
