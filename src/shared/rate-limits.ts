/**
 * The one place rate limiters are made (the attempt and business-flow limits of
 * src/auth/throttle.ts, the login delays of src/auth/login-backoff.ts, the operation budget of
 * src/http/operation-budget.ts). Built once by the composition root, closed once on shutdown.
 *
 * Counters live in memory (one instance) or, with REDIS_URL, in Redis over one client shared
 * by every limiter, so every instance counts against the same numbers. While Redis is
 * unreachable each Redis limiter falls back to its own in-memory twin (rate-limiter-flexible's
 * insurance limiter): limits keep holding per instance instead of failing requests.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from './errors';
import type { Logger } from './logger';

export class RateLimits {
  private constructor(private readonly redis: Redis | null) {}

  static create(redisUrl: string | undefined, logger: Logger): RateLimits {
    // No offline queue and one retry: a command waits for Redis at most once, then the
    // insurance limiter answers.
    const redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    redis?.on('error', (error) => logger.warn({ err: error }, 'redis error (rate limits fall back to memory)'));
    return new RateLimits(redis);
  }

  /** A limiter of `points` per `durationSeconds` window, its keys stored under `keyPrefix`. */
  limiter(keyPrefix: string, points: number, durationSeconds: number): RateLimiterAbstract {
    const options = { keyPrefix, points, duration: durationSeconds };
    const memory = new RateLimiterMemory(options);
    return this.redis ? new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter: memory }) : memory;
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

/**
 * Counts `points` against `key`.
 * @throws RateLimitedError (with the seconds until the window frees up, at least 1) when spent.
 */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}
