import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { ThrottleBucketsRepository } from './throttle-buckets.repository';

export interface BucketState {
  hits: number;
  /** Milliseconds until the window resets. */
  resetsInMs: number;
}

/** A slot taken in a bucket's window (or refused), as `reserve` answers it. */
export interface Reservation extends BucketState {
  granted: boolean;
  /** The end of the window the slot was taken in: `release` gives it back to that window only. */
  windowEnd: Date;
}

/**
 * Fixed-window counters in the database, so every instance behind a load balancer counts
 * the same hits (failed sign-ins: few, and only on failures). Each hit is one guarded
 * UPDATE that counts in the open window or opens a new one; a missing row is first
 * inserted empty (or found inserted by a concurrent hit) and the UPDATE runs again. No
 * hit is ever lost to another, and none is counted twice.
 */
@Injectable()
export class ThrottleStore {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly buckets: ThrottleBucketsRepository,
  ) {}

  /** Counts one hit in the key's window (opening a window of `windowMs` when none is open). */
  async hit(key: string, windowMs: number): Promise<BucketState> {
    const { hits, resetsInMs } = await this.count(key, windowMs, undefined);
    return { hits, resetsInMs };
  }

  /**
   * Counts one hit only while the window holds fewer than `limit`: of any number of
   * concurrent reservations, at most `limit` are granted per window. A refused one counts
   * nothing and says when the window ends.
   */
  reserve(key: string, windowMs: number, limit: number): Promise<Reservation> {
    return this.count(key, windowMs, limit);
  }

  /** Gives back a granted slot, in the window it was taken in (a later window keeps its count). */
  async release(key: string, reservation: Reservation): Promise<void> {
    if (!reservation.granted) return;
    await this.connection.transaction(() => this.buckets.uncountHit(key, reservation.windowEnd));
  }

  /** The current window's state without counting a hit (undefined when no window is open). */
  async peek(key: string): Promise<BucketState | undefined> {
    const bucket = await this.buckets.findByKey(key);
    const now = Date.now();
    if (!bucket || bucket.expiresAt.getTime() <= now) return undefined;
    return { hits: bucket.hits, resetsInMs: bucket.expiresAt.getTime() - now };
  }

  async reset(key: string): Promise<void> {
    await this.connection.transaction(() => this.buckets.delete(key));
  }

  private count(key: string, windowMs: number, limit: number | undefined): Promise<Reservation> {
    return this.connection.transaction(async () => {
      const now = new Date();
      const windowEnd = new Date(now.getTime() + windowMs);
      let granted = await this.buckets.countHit(key, now, windowEnd, limit);
      let bucket = granted ? null : await this.buckets.findByKey(key);
      if (!granted && !bucket) {
        await this.buckets.insertEmpty(key);
        granted = await this.buckets.countHit(key, now, windowEnd, limit);
      }
      bucket ??= await this.buckets.findByKeyOrFail(key);
      const resetsInMs = Math.max(0, bucket.expiresAt.getTime() - now.getTime());
      return { granted, hits: bucket.hits, resetsInMs, windowEnd: bucket.expiresAt };
    });
  }
}
