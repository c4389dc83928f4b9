import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionalConnection } from '@app/database';
import { ThrottleBucket } from './throttle-bucket.entity';

export interface BucketState {
  hits: number;
  /** Milliseconds until the window resets. */
  resetsInMs: number;
}

/**
 * Fixed-window counters in the database, so every instance behind a load balancer counts
 * the same hits (failed sign-ins: few, and only on failures). Each hit is one guarded
 * UPDATE (or an INSERT opening a new window), never a read-then-write.
 */
@Injectable()
export class ThrottleStore {
  constructor(private readonly connection: TransactionalConnection) {}

  async hit(key: string, windowMs: number): Promise<BucketState> {
    return this.connection.transaction(async (manager) => {
      const now = new Date();
      if (!(await this.incrementOpenWindow(manager, key, now))) {
        await manager.delete(ThrottleBucket, { key });
        await manager
          .createQueryBuilder()
          .insert()
          .into(ThrottleBucket)
          .values({ key, hits: 1, expiresAt: new Date(now.getTime() + windowMs), blockedUntil: null })
          .orIgnore()
          .execute();
      }
      const bucket = await manager.findOneByOrFail(ThrottleBucket, { key });
      return { hits: bucket.hits, resetsInMs: Math.max(0, bucket.expiresAt.getTime() - now.getTime()) };
    });
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

  private async incrementOpenWindow(manager: EntityManager, key: string, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ThrottleBucket)
      .set({ hits: () => 'hits + 1' })
      .where('key = :key AND expires_at > :now', { key, now })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
