import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import { DomainError } from '@app/common';

/**
 * The request rate limit per client address (counted in memory, or in Redis). Answers carry
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a 429 carries `Retry-After`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';
  private readonly storeLogger = new Logger('RateLimit');

  /** The limit fails open: an unreachable counter store must not take the whole API down with it. */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.storeLogger.warn({ err: error }, 'rate limit store unavailable; request let through');
      return true;
    }
  }

  protected override async getTracker(request: Record<string, any>): Promise<string> {
    return String(request.ip ?? 'unknown');
  }

  /** The route and the client as they are: the counters are this process's own or Redis's, never shown. */
  protected override generateKey(context: ExecutionContext, tracker: string, throttler: string): string {
    return `${context.getClass().name}.${context.getHandler().name}:${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: unknown, detail: ThrottlerLimitDetail): Promise<void> {
    throw new DomainError(429, 'TOO_MANY_REQUESTS', {}, {}, { 'retry-after': String(detail.timeToBlockExpire) });
  }
}
