import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/environment';
import { MemoryRateStorage } from './memory-rate-storage';
import { RateLimitGuard } from './rate-limit.guard';
import { ThrottleBucket } from './throttle-bucket.entity';
import { ThrottleBucketsRepository } from './throttle-buckets.repository';
import { ThrottleStore } from './throttle-store';

/** Counters in the database, for what every instance must see alike (failed sign-ins); written only on failures. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ThrottleBucket])],
  providers: [ThrottleBucketsRepository, ThrottleStore],
  exports: [ThrottleStore],
})
export class ThrottleStoreModule {}

/**
 * The request-rate counters: in this process by default (each instance enforces its own
 * limit), in Redis when `REDIS_URL` names one (instances share it). Never the database: a
 * read writes nothing. Redis commands fail at once while it is down (the guard then lets
 * the request through and logs), instead of queueing behind a dead connection.
 */
function rateStorage(config: AppConfig) {
  if (!config.redisUrl) return new MemoryRateStorage();
  const logger = new Logger('RateLimit');
  let lastLogged = 0;
  const storage = new ThrottlerStorageRedisService(config.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  storage.redis.on('error', (error) => {
    if (Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    logger.warn({ err: error }, 'Redis of the request rate limit unreachable; requests are let through');
  });
  return storage;
}

/** The request rate limit (first global guard) and its counters. */
@Module({
  imports: [
    ThrottleStoreModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
        storage: rateStorage(config),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class ThrottlingModule {}
