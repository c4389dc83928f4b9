import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { ThrottleBucket } from './throttle-bucket.entity';

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

/** A bucket row that counts nothing: its window has long ended, so the next hit opens a new one. */
const EXPIRED = new Date(0);

/**
 * Fixed-window counters in the database, so every instance behind a load balancer counts
 * the same hits (failed sign-ins: few, and only on failures). Each hit is one guarded
 * UPDATE that counts in the open window or opens a new one; a missing row is first
 * inserted empty (or found inserted by a concurrent hit) and the UPDATE runs again. No
 * hit is ever lost to another, and none is counted twice.
 */
@Injectable()
export class ThrottleStore {
  constructor(private readonly connection: TransactionalConnection) {}

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
    await this.connection.transaction((manager) =>
      manager
        .createQueryBuilder()
        .update(ThrottleBucket)
        .set({ hits: () => 'hits - 1' })
        .where('key = :key AND expires_at = :windowEnd AND hits > 0', { key, windowEnd: reservation.windowEnd })
        .execute(),
    );
  }

  /** The current window's state without counting a hit (undefined when no window is open). */
  async peek(key: string): Promise<BucketState | undefined> {
    const bucket = await this.connection.getRepository(ThrottleBucket).findOneBy({ key });
    const now = Date.now();
    if (!bucket || bucket.expiresAt.getTime() <= now) return undefined;
    return { hits: bucket.hits, resetsInMs: bucket.expiresAt.getTime() - now };
  }

  async reset(key: string): Promise<void> {
    await this.connection.transaction((manager) => manager.delete(ThrottleBucket, { key }));
  }

  private count(key: string, windowMs: number, limit: number | undefined): Promise<Reservation> {
    return this.connection.transaction(async (manager) => {
      const now = new Date();
      const windowEnd = new Date(now.getTime() + windowMs);
      let granted = await this.countHit(manager, key, now, windowEnd, limit);
      let bucket = granted ? null : await manager.findOneBy(ThrottleBucket, { key });
      if (!granted && !bucket) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(ThrottleBucket)
          .values({ key, hits: 0, expiresAt: EXPIRED, blockedUntil: null })
          .orIgnore()
          .execute();
        granted = await this.countHit(manager, key, now, windowEnd, limit);
      }
      bucket ??= await manager.findOneByOrFail(ThrottleBucket, { key });
      const resetsInMs = Math.max(0, bucket.expiresAt.getTime() - now.getTime());
      return { granted, hits: bucket.hits, resetsInMs, windowEnd: bucket.expiresAt };
    });
  }

  /**
   * One statement: counts a hit in the open window, or restarts an ended one at 1; with a
   * limit, only while the open window holds fewer hits. `hits` is assigned before
   * `expires_at` because MySQL evaluates a SET list in order: each expression must see the
   * row's old window.
   */
  private async countHit(
    manager: EntityManager,
    key: string,
    now: Date,
    windowEnd: Date,
    limit: number | undefined,
  ): Promise<boolean> {
    const query = manager
      .createQueryBuilder()
      .update(ThrottleBucket)
      .set({
        hits: () => 'CASE WHEN expires_at > :now THEN hits + 1 ELSE 1 END',
        expiresAt: () => 'CASE WHEN expires_at > :now THEN expires_at ELSE :windowEnd END',
      })
      .where('key = :key', { key })
      .setParameters({ now, windowEnd });
    if (limit !== undefined) query.andWhere('(expires_at <= :now OR hits < :limit)', { limit });
    const result = await query.execute();
    return (result.affected ?? 0) > 0;
  }
}
