/**
 * The application's attempt and business-flow limits, one mechanism for both:
 *
 * - authentication (sign-in, sign-up, refresh, password reset), checked before any bcrypt
 *   work so that a flood costs us almost nothing, per IP (per account, failed sign-ins earn
 *   progressive delays instead: login-backoff.ts);
 * - business flows (docs/security.md A10: posts, comments, direct messages, likes and scraps),
 *   per user, counted per resolver call by the service that does the work, so that aliases
 *   inside one request count one each (the HTTP operation budget counts the request once).
 *
 * Counters live in memory (one instance) or in Redis when REDIS_URL is set (shared by every
 * instance; an in-memory limiter stands in while Redis is unreachable). A refusal is
 * RATE_LIMITED with `retryAfterSeconds` (HTTP 429 with `Retry-After` over HTTP).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { RateLimitedError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { LoginBackoff } from './login-backoff';

type Limits = Config['rateLimits'];
type AuthThrottle = keyof Omit<Limits, 'windowSeconds' | 'writes' | 'uploads' | 'loginBackoff'>;
type WriteThrottle = keyof Omit<Limits['writes'], 'windowSeconds'>;
/** requestUpload: uploads per user, and their declared bytes (one point per byte). */
type UploadThrottle = 'uploadsPerUser' | 'uploadBytesPerUser';
export type ThrottleName = AuthThrottle | WriteThrottle | UploadThrottle;

const AUTH_THROTTLES: AuthThrottle[] = ['loginPerIp', 'signupPerIp', 'refreshPerIp', 'passwordResetPerIp', 'verificationMailPerUser'];
const WRITE_THROTTLES: WriteThrottle[] = ['postsPerUser', 'commentsPerUser', 'messagesPerUser', 'likesPerUser'];

export class Throttle {
  private constructor(
    private readonly limiters: Record<ThrottleName, RateLimiterAbstract>,
    private readonly redis: Redis | null,
    /** Per-account delays after failed sign-ins (login-backoff.ts), on the same store. */
    readonly loginBackoff: LoginBackoff,
  ) {}

  static create(limits: Limits, redisUrl: string | undefined, logger: Logger): Throttle {
    const redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    redis?.on('error', (error) => logger.warn({ err: error }, 'redis error (rate limits fall back to memory)'));
    const build = (name: ThrottleName, points: number, duration: number): [ThrottleName, RateLimiterAbstract] => {
      const options = { keyPrefix: `campus:throttle:${name}`, points, duration };
      const memory = new RateLimiterMemory(options);
      return [name, redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory];
    };
    const limiters = [
      ...AUTH_THROTTLES.map((name) => build(name, limits[name], limits.windowSeconds)),
      ...WRITE_THROTTLES.map((name) => build(name, limits.writes[name], limits.writes.windowSeconds)),
      build('uploadsPerUser', limits.uploads.perUser, limits.uploads.windowSeconds),
      build('uploadBytesPerUser', limits.uploads.bytesPerUser, limits.uploads.windowSeconds),
    ];
    return new Throttle(Object.fromEntries(limiters) as Record<ThrottleName, RateLimiterAbstract>, redis, LoginBackoff.create(limits.loginBackoff, redis));
  }

  /** Counts one attempt (or `points`). @throws RateLimitedError when the limit for `key` is used up. */
  async consume(name: ThrottleName, key: string, points = 1): Promise<void> {
    try {
      await this.limiters[name].consume(key, points);
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
