import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, caseKey } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AppConfig } from '../config/environment';
import { Reservation, ThrottleStore } from '../throttling/throttle-store';

/** A fixed-length stand-in for an email of any length in a bucket key. */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

interface Bucket {
  key: string;
  limit: number;
}

interface Slot {
  key: string;
  reservation: Reservation;
}

/** The slots one sign-in attempt holds while its password is checked. */
export interface LoginAttempt {
  ip: Slot;
  email: Slot;
}

const tooManyAttempts = (resetsInMs: number) =>
  new DomainError(
    429,
    'TOO_MANY_LOGIN_ATTEMPTS',
    {},
    {},
    {
      'retry-after': String(Math.max(1, Math.ceil(resetsInMs / 1000))),
    },
  );

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
    private readonly connection: TransactionalConnection,
  ) {}

  private buckets(scope: string, ip: string, email: string): { ip: Bucket; email: Bucket } {
    const { maxFailuresPerIp, maxFailuresPerEmail } = this.config.login;
    return {
      ip: { key: `${scope}:ip:${ip}`, limit: maxFailuresPerIp },
      email: { key: `${scope}:email:${digest(caseKey(email))}`, limit: maxFailuresPerEmail },
    };
  }

  /** Takes a slot per address and per email in one transaction, or answers 429 (taking none) when either window is full. */
  begin(scope: string, ip: string, email: string): Promise<LoginAttempt> {
    const buckets = this.buckets(scope, ip, email);
    return this.connection.transaction(async () => ({
      ip: await this.take(buckets.ip),
      email: await this.take(buckets.email),
    }));
  }

  /**
   * A successful attempt counts nothing: its address slot is given back and the email's
   * count is cleared. (A failed attempt keeps its slots: they are its count.)
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.connection.transaction(async () => {
      await this.store.release(attempt.ip.key, attempt.ip.reservation);
      await this.store.reset(attempt.email.key);
    });
  }

  /** An attempt that ended without a verdict (the database failed, say) counts nothing. */
  async abandoned(attempt: LoginAttempt): Promise<void> {
    await this.connection.transaction(async () => {
      for (const { key, reservation } of [attempt.ip, attempt.email]) await this.store.release(key, reservation);
    });
  }

  private async take({ key, limit }: Bucket): Promise<Slot> {
    const reservation = await this.store.reserve(key, this.config.login.failureWindowSeconds * 1000, limit);
    if (!reservation.granted) throw tooManyAttempts(reservation.resetsInMs);
    return { key, reservation };
  }
}
