import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/environment';
import { RateLimitGuard } from './rate-limit.guard';
import { ThrottleBucket } from './throttle-bucket.entity';
import { ThrottleStore } from './throttle-store';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ThrottleBucket])],
  providers: [ThrottleStore],
  exports: [ThrottleStore],
})
export class ThrottleStoreModule {}

/** The request rate limit (first global guard) and the shared counters behind it. */
@Module({
  imports: [
    ThrottleStoreModule,
    ThrottlerModule.forRootAsync({
      imports: [ThrottleStoreModule],
      inject: [AppConfig, ThrottleStore],
      useFactory: (config: AppConfig, storage: ThrottleStore) => ({
        throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
        storage,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class ThrottlingModule {}
