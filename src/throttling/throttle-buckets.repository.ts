import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { ThrottleBucket } from './throttle-bucket.entity';

/** A bucket row that counts nothing: its window has long ended, so the next hit opens a new one. */
const EXPIRED = new Date(0);

/** `throttle_buckets`: one row per key, changed only by guarded single statements. Calls join the current transaction. */
@Injectable()
export class ThrottleBucketsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  findByKey(key: string): Promise<ThrottleBucket | null> {
    return this.connection.getRepository(ThrottleBucket).findOneBy({ key });
  }

  findByKeyOrFail(key: string): Promise<ThrottleBucket> {
    return this.connection.getRepository(ThrottleBucket).findOneByOrFail({ key });
  }

  /** Inserts the key's row empty, unless a concurrent hit inserted it first. */
  async insertEmpty(key: string): Promise<void> {
    await this.connection.manager
      .createQueryBuilder()
      .insert()
      .into(ThrottleBucket)
      .values({ key, hits: 0, expiresAt: EXPIRED, blockedUntil: null })
      .orIgnore()
      .execute();
  }

  /**
   * One statement: counts a hit in the open window, or restarts an ended one at 1; with a
   * limit, only while the open window holds fewer hits. `hits` is assigned before
   * `expires_at` because MySQL evaluates a SET list in order: each expression must see the
   * row's old window.
   */
  async countHit(key: string, now: Date, windowEnd: Date, limit: number | undefined): Promise<boolean> {
    const query = this.connection.manager
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

  /** Takes one hit back, only in the window that ends at `windowEnd` and only while it counts any. */
  async uncountHit(key: string, windowEnd: Date): Promise<void> {
    await this.connection.manager
      .createQueryBuilder()
      .update(ThrottleBucket)
      .set({ hits: () => 'hits - 1' })
      .where('key = :key AND expires_at = :windowEnd AND hits > 0', { key, windowEnd })
      .execute();
  }

  async delete(key: string): Promise<void> {
    await this.connection.getRepository(ThrottleBucket).delete({ key });
  }
}
