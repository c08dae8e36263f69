/**
 * Progressive delays after failed sign-ins (docs/security.md G5: throttling over hard lockout).
 *
 * Each key (an account, or an account seen from one client address) counts its failures.
 * The first `freeAttempts` cost nothing; after that the n-th failure makes the next attempt
 * on that key wait `baseSeconds × 2^(n − freeAttempts − 1)` (1 s, 2 s, 4 s, …), capped at
 * `maxSeconds`. An attempt made while waiting is refused (RATE_LIMITED, no bcrypt work) and
 * does not count, so hammering never makes the wait longer than the cap. The caller counts
 * an attempt as a failure before checking the password and forgets it when it succeeds (so
 * concurrent attempts are counted as they start). Failures are forgotten `windowSeconds`
 * after the first, or when the key signs in successfully.
 *
 * Why that cannot lock an owner out: the caller (AccountService.login) keys the delays per
 * (account, client address), and applies the account-wide delay only to addresses the
 * account has not signed in from (its recent sessions). An attacker's failures, from
 * however many addresses, slow down the attacker's addresses and strangers; the owner on a
 * network they already use keeps signing in. Counters live where the shared rate-limiter
 * registry keeps them (src/shared/rate-limits.ts).
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { RateLimitedError } from '../shared/errors';
import type { RateLimits } from '../shared/rate-limits';

export type BackoffSettings = Config['rateLimits']['loginBackoff'];

/** Effectively unlimited: the failure counter only counts, it never refuses by itself. */
const COUNT_ONLY = 1_000_000_000;

/** The delay (seconds) that the `failures`-th failure imposes on the next attempt; 0 while free. */
export function backoffSeconds(failures: number, settings: BackoffSettings): number {
  if (failures <= settings.freeAttempts) return 0;
  const exponent = Math.min(failures - settings.freeAttempts - 1, 30);
  return Math.min(settings.baseSeconds * 2 ** exponent, settings.maxSeconds);
}

export class LoginBackoff {
  private constructor(
    private readonly settings: BackoffSettings,
    private readonly failures: RateLimiterAbstract,
    private readonly waits: RateLimiterAbstract,
  ) {}

  static create(settings: BackoffSettings, rateLimits: RateLimits): LoginBackoff {
    const build = (name: string, points: number) => rateLimits.limiter(`campus:backoff:${name}`, points, settings.windowSeconds);
    return new LoginBackoff(settings, build('failures', COUNT_ONLY), build('wait', 1));
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  async waitSeconds(key: string): Promise<number> {
    const wait = await this.waits.get(key);
    if (!wait || wait.consumedPoints <= 1 || wait.msBeforeNext <= 0) return 0;
    return Math.max(1, Math.ceil(wait.msBeforeNext / 1000));
  }

  /** @throws RateLimitedError while `key` must wait. */
  async assertMayTry(key: string): Promise<void> {
    const seconds = await this.waitSeconds(key);
    if (seconds > 0) throw new RateLimitedError(seconds);
  }

  /** Counts a failure against each key and starts the delay it earns. */
  async recordFailure(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        const counted = await this.failures.consume(key);
        const seconds = backoffSeconds(counted.consumedPoints, this.settings);
        if (seconds > 0) await this.waits.block(key, seconds);
      }),
    );
  }

  /** Forgets the failures and any delay of each key (after a successful sign-in). */
  async reset(keys: string[]): Promise<void> {
    await Promise.all(keys.flatMap((key) => [this.failures.delete(key), this.waits.delete(key)]));
  }
}
