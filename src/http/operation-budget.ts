/**
 * The general operation budget (docs/security.md A10, docs/architecture.md): every GraphQL request
 * over HTTP counts one operation against its caller, the signed-in user or else the client IP,
 * in fixed windows. Over budget: RATE_LIMITED with `retryAfterSeconds`, HTTP 429 and
 * `Retry-After`. Batching is off, so one HTTP request is one operation; aliases cannot
 * multiply it beyond the alias and cost limits. The authentication limits (src/auth/throttle.ts)
 * are separate and much stricter.
 *
 * Counters live where the shared rate-limiter registry keeps them (src/shared/rate-limits.ts:
 * memory, or Redis shared by every instance).
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { consumeOrRefuse, type RateLimits } from '../shared/rate-limits';

/** Who is asking: a signed-in user (by id) or an anonymous client (by IP). */
export type Caller = { userId: string } | { ip: string };

export class OperationBudget {
  private constructor(
    private readonly perUser: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
  ) {}

  static create(limits: Config['operationLimits'], rateLimits: RateLimits): OperationBudget {
    const build = (name: string, points: number) => rateLimits.limiter(`campus:operations:${name}`, points, limits.windowSeconds);
    return new OperationBudget(build('user', limits.perUser), build('ip', limits.perIp));
  }

  /** Counts one operation. @throws RateLimitedError when the caller's budget for this window is spent. */
  async consume(caller: Caller): Promise<void> {
    const [limiter, key] = 'userId' in caller ? [this.perUser, caller.userId] : [this.perIp, caller.ip];
    await consumeOrRefuse(limiter, key);
  }
}
