import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyAnswerPart } from './idempotency-answer-part.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';

/** `Idempotency-Key` on POST: the interceptor and its hook are registered by `createApp`. */
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKey, IdempotencyAnswerPart])],
  providers: [IdempotencyKeysRepository, IdempotencyStore, IdempotencyInterceptor],
  exports: [IdempotencyInterceptor],
})
export class IdempotencyModule {}
