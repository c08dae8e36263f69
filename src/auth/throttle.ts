/**
 * Attempt limits for the authentication operations, checked before any bcrypt work so that
 * a flood costs us almost nothing. Counters live in memory (one instance) or in Redis when
 * REDIS_URL is set (shared by every instance; an in-memory limiter stands in while Redis is
 * unreachable).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { RateLimitedError } from '../shared/errors';
import type { Logger } from '../shared/logger';

export type ThrottleName = keyof Omit<Config['rateLimits'], 'windowSeconds'>;

export class Throttle {
  private constructor(
    private readonly limiters: Record<ThrottleName, RateLimiterAbstract>,
    private readonly redis: Redis | null,
  ) {}

  static create(limits: Config['rateLimits'], redisUrl: string | undefined, logger: Logger): Throttle {
    const redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    redis?.on('error', (error) => logger.warn({ err: error }, 'redis error (rate limits fall back to memory)'));
    const build = (name: ThrottleName): RateLimiterAbstract => {
      const options = { keyPrefix: `campus:throttle:${name}`, points: limits[name], duration: limits.windowSeconds };
      const memory = new RateLimiterMemory(options);
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory;
    };
    const names: ThrottleName[] = ['loginPerIp', 'loginPerAccount', 'signupPerIp', 'refreshPerIp', 'passwordResetPerIp'];
    return new Throttle(Object.fromEntries(names.map((name) => [name, build(name)])) as Record<ThrottleName, RateLimiterAbstract>, redis);
  }

  /** Counts one attempt. @throws RateLimitedError when the limit for `key` is used up. */
  async consume(name: ThrottleName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }

  /** Forgets the attempts counted for `key` (after a successful login). */
  async reset(name: ThrottleName, key: string): Promise<void> {
    await this.limiters[name].delete(key);
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
