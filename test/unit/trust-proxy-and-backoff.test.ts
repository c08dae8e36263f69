/**
 * The pure parts of TRUST_PROXY (configuration) and of the login backoff (the delay curve).
 * Their behaviour over HTTP is in test/e2e/trust-proxy.test.ts and auth-throttling.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigError, loadConfig } from '../../src/config';
import { backoffSeconds } from '../../src/auth/login-backoff';

function trustProxyProblem(value: string): string[] {
  try {
    loadConfig({ TRUST_PROXY: value });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('TRUST_PROXY', () => {
  it('is off by default', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgresql://h/db', STORAGE_DRIVER: 'local', MAIL_TRANSPORT: 'log' }).http.trustProxy).toBe(false);
  });

  it('takes a hop count or a list of addresses and CIDR ranges', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,::1, fd00::/8' }).http.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.5', '::1', 'fd00::/8']);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
  });

  it('refuses "true" (anyone could forge their address), 0, and anything that is not an address or range, naming the variable only', () => {
    for (const value of ['true', '0', '11', '10.0.0.0/33', '::1/129', 'proxy.internal', '10.0.0.1/8/2', '10.0.0.1,', 'secret-value']) {
      const problems = trustProxyProblem(value);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TRUST_PROXY must be false, a hop count/);
    }
    expect(trustProxyProblem('secret-value')[0]).not.toContain('secret-value');
  });

  it('either parses or is refused with a ConfigError, for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        try {
          const parsed = loadConfig({ TRUST_PROXY: value }).http.trustProxy;
          expect(parsed === false || typeof parsed === 'number' || Array.isArray(parsed)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
      }),
      { seed: 20261204, numRuns: 500 },
    );
  });
});

describe('backoffSeconds', () => {
  const settings = { freeAttempts: 5, baseSeconds: 1, maxSeconds: 900, windowSeconds: 86400 };

  it('is free for the first attempts, then doubles from the base, capped', () => {
    expect([1, 5, 6, 7, 8, 9, 15, 16, 100, 10_000].map((n) => backoffSeconds(n, settings))).toEqual([0, 0, 1, 2, 4, 8, 512, 900, 900, 900]);
  });

  it('never decreases with more failures and never exceeds the cap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 86400 }), (n, free, base, max) => {
        const s = { freeAttempts: free, baseSeconds: base, maxSeconds: max, windowSeconds: 86400 };
        const now = backoffSeconds(n, s);
        expect(now).toBeLessThanOrEqual(max);
        expect(backoffSeconds(n + 1, s)).toBeGreaterThanOrEqual(now);
      }),
      { seed: 20261204, numRuns: 500 },
    );
  });
});
