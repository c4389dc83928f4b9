import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, caseKey } from '@app/common';
import { AppConfig } from '../config/environment';
import { Reservation, ThrottleStore } from '../throttling/throttle-store';

/** A fixed-length stand-in for an email of any length in a bucket key. */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

interface Bucket {
  key: string;
  limit: number;
}

/** The slots one sign-in attempt holds while its password is checked. */
export interface LoginAttempt {
  slots: Array<{ key: string; reservation: Reservation }>;
  /** The email's bucket, cleared when the attempt succeeds. */
  emailKey: string;
}

/**
 * Failed sign-ins counted per client address and per email, in the database. An attempt
 * takes a slot in both counters before its password is checked (a guarded increment that
 * refuses a full window), so however many arrive at once, at most the limit reach the
 * check; a success gives its slot back and clears the email's count, so only failures
 * count and a successful login is never slowed. Past a limit every attempt answers 429
 * with `Retry-After` until the window ends.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly config: AppConfig,
  ) {}

  private buckets(scope: string, ip: string, email: string): { ip: Bucket; email: Bucket } {
    const { maxFailuresPerIp, maxFailuresPerEmail } = this.config.login;
    return {
      ip: { key: `${scope}:ip:${ip}`, limit: maxFailuresPerIp },
      email: { key: `${scope}:email:${digest(caseKey(email))}`, limit: maxFailuresPerEmail },
    };
  }

  /** Takes a slot per address and per email, or answers 429 (taking none) when either window is full. */
  async begin(scope: string, ip: string, email: string): Promise<LoginAttempt> {
    const windowMs = this.config.login.failureWindowSeconds * 1000;
    const buckets = this.buckets(scope, ip, email);
    const attempt: LoginAttempt = { slots: [], emailKey: buckets.email.key };
    for (const { key, limit } of [buckets.ip, buckets.email]) {
      const reservation = await this.store.reserve(key, windowMs, limit);
      if (!reservation.granted) {
        await this.giveBack(attempt);
        const retryAfter = String(Math.max(1, Math.ceil(reservation.resetsInMs / 1000)));
        throw new DomainError(429, 'TOO_MANY_LOGIN_ATTEMPTS', {}, {}, { 'retry-after': retryAfter });
      }
      attempt.slots.push({ key, reservation });
    }
    return attempt;
  }

  /**
   * A successful attempt counts nothing: its address slot is given back and the email's
   * count is cleared. (A failed attempt keeps its slots: they are its count.)
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.giveBack({ ...attempt, slots: attempt.slots.filter((slot) => slot.key !== attempt.emailKey) });
    await this.store.reset(attempt.emailKey);
  }

  /** An attempt that ended without a verdict (the database failed, say) counts nothing. */
  async abandoned(attempt: LoginAttempt): Promise<void> {
    await this.giveBack(attempt);
  }

  private async giveBack(attempt: LoginAttempt): Promise<void> {
    for (const { key, reservation } of attempt.slots) await this.store.release(key, reservation);
  }
}
