import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, caseKey } from '@app/common';
import { AppConfig } from '../config/environment';
import { ThrottleStore } from '../throttling/throttle-store';

/** A fixed-length stand-in for an email of any length in a bucket key. */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Failed sign-ins counted per client address and per email, in the database. Only
 * failures count, so a successful login is never slowed; once a limit is reached every
 * attempt answers 429 with `Retry-After` until the window ends.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly config: AppConfig,
  ) {}

  private buckets(scope: string, ip: string, email: string) {
    const { maxFailuresPerIp, maxFailuresPerEmail } = this.config.login;
    return [
      { key: `${scope}:ip:${ip}`, limit: maxFailuresPerIp },
      { key: `${scope}:email:${digest(caseKey(email))}`, limit: maxFailuresPerEmail },
    ];
  }

  async assertAllowed(scope: string, ip: string, email: string): Promise<void> {
    for (const { key, limit } of this.buckets(scope, ip, email)) {
      const state = await this.store.peek(key);
      if (state && state.hits >= limit) {
        const retryAfter = String(Math.max(1, Math.ceil(state.resetsInMs / 1000)));
        throw new DomainError(429, 'TOO_MANY_LOGIN_ATTEMPTS', {}, {}, { 'retry-after': retryAfter });
      }
    }
  }

  async recordFailure(scope: string, ip: string, email: string): Promise<void> {
    const windowMs = this.config.login.failureWindowSeconds * 1000;
    for (const { key } of this.buckets(scope, ip, email)) await this.store.hit(key, windowMs);
  }

  async recordSuccess(scope: string, ip: string, email: string): Promise<void> {
    await this.store.reset(this.buckets(scope, ip, email)[1].key);
  }
}
