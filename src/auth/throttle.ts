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
 * Counters live where the shared rate-limiter registry keeps them (src/shared/rate-limits.ts:
 * memory, or Redis shared by every instance). A refusal is RATE_LIMITED with
 * `retryAfterSeconds` (HTTP 429 with `Retry-After` over HTTP).
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { consumeOrRefuse, type RateLimits } from '../shared/rate-limits';
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
    /** Per-account delays after failed sign-ins (login-backoff.ts), on the same store. */
    readonly loginBackoff: LoginBackoff,
  ) {}

  static create(limits: Limits, rateLimits: RateLimits): Throttle {
    const build = (name: ThrottleName, points: number, duration: number): [ThrottleName, RateLimiterAbstract] => [
      name,
      rateLimits.limiter(`campus:throttle:${name}`, points, duration),
    ];
    const limiters = [
      ...AUTH_THROTTLES.map((name) => build(name, limits[name], limits.windowSeconds)),
      ...WRITE_THROTTLES.map((name) => build(name, limits.writes[name], limits.writes.windowSeconds)),
      build('uploadsPerUser', limits.uploads.perUser, limits.uploads.windowSeconds),
      build('uploadBytesPerUser', limits.uploads.bytesPerUser, limits.uploads.windowSeconds),
    ];
    return new Throttle(Object.fromEntries(limiters) as Record<ThrottleName, RateLimiterAbstract>, LoginBackoff.create(limits.loginBackoff, rateLimits));
  }

  /** Counts one attempt (or `points`). @throws RateLimitedError when the limit for `key` is used up. */
  async consume(name: ThrottleName, key: string, points = 1): Promise<void> {
    await consumeOrRefuse(this.limiters[name], key, points);
  }

  /** Forgets the attempts counted for `key` (after a successful login). */
  async reset(name: ThrottleName, key: string): Promise<void> {
    await this.limiters[name].delete(key);
  }
}
