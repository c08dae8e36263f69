/**
 * The general operation budget (docs/security.md A10, docs/architecture.md): every GraphQL request
 * over HTTP counts one operation against its caller, the signed-in user or else the client IP,
 * in fixed windows. Over budget: RATE_LIMITED with `retryAfterSeconds`, HTTP 429 and
 * `Retry-After`. Batching is off, so one HTTP request is one operation; aliases cannot
 * multiply it beyond the alias and cost limits. The authentication limits (src/auth/throttle.ts)
 * are separate and much stricter.
 *
 * Counters live in memory (per instance) or, with REDIS_URL, in Redis shared by every instance,
 * with an in-memory limiter standing in while Redis is unreachable (as in throttle.ts).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { RateLimitedError } from '../shared/errors';
import type { Logger } from '../shared/logger';

/** Who is asking: a signed-in user (by id) or an anonymous client (by IP). */
export type Caller = { userId: string } | { ip: string };

export class OperationBudget {
  private constructor(
    private readonly perUser: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
    private readonly redis: Redis | null,
  ) {}

  static create(limits: Config['operationLimits'], redisUrl: string | undefined, logger: Logger): OperationBudget {
    const redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    redis?.on('error', (error) => logger.warn({ err: error }, 'redis error (the operation budget falls back to memory)'));
    const build = (name: string, points: number): RateLimiterAbstract => {
      const options = { keyPrefix: `campus:operations:${name}`, points, duration: limits.windowSeconds };
      const memory = new RateLimiterMemory(options);
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory;
    };
    return new OperationBudget(build('user', limits.perUser), build('ip', limits.perIp), redis);
  }

  /** Counts one operation. @throws RateLimitedError when the caller's budget for this window is spent. */
  async consume(caller: Caller): Promise<void> {
    const [limiter, key] = 'userId' in caller ? [this.perUser, caller.userId] : [this.perIp, caller.ip];
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
