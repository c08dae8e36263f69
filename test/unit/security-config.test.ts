import { describe, expect, it } from '@jest/globals';
import type { ConfigError} from '../../src/config';
import { loadConfig } from '../../src/config';

describe('security and limit settings', () => {
  it('default to values that admit every real operation and stop floods', () => {
    const config = loadConfig({});

    expect(config.queryLimits).toEqual({ maxDepth: 14, maxAliases: 15, maxDirectives: 10, maxCost: 150_000, maxTokens: 1000, maxSelections: 400 });
    expect(config.operationLimits).toEqual({ perIp: 10_000, perUser: 10_000, windowSeconds: 10 });
    expect(config.http).toMatchObject({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    expect(config.db).toMatchObject({ statementTimeoutMs: 10_000, lockTimeoutMs: 5000, idleInTransactionTimeoutMs: 10_000 });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_ALIASES: '0', GRAPHQL_MAX_COST: '5000', GRAPHQL_MAX_SELECTIONS: '100',
      RATE_LIMIT_OPERATIONS_PER_IP: '60', RATE_LIMIT_OPERATIONS_WINDOW_SECONDS: '60',
      HTTP_HEADERS_TIMEOUT_MS: '5000', DATABASE_LOCK_TIMEOUT_MS: '1000', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '2000',
    });

    expect(config.queryLimits).toMatchObject({ maxDepth: 8, maxAliases: 0, maxCost: 5000, maxSelections: 100 });
    expect(config.operationLimits).toMatchObject({ perIp: 60, windowSeconds: 60 });
    expect(config.http.headersTimeoutMs).toBe(5000);
    expect(config.db).toMatchObject({ lockTimeoutMs: 1000, idleInTransactionTimeoutMs: 2000 });
  });

  it('refuse a headers timeout longer than the request timeout, and non-positive limits', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.split(' ')[0]);
      }
    };

    expect(problems({ HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '30000' })).toEqual(['HTTP_HEADERS_TIMEOUT_MS']);
    expect(problems({ GRAPHQL_MAX_DEPTH: '0', GRAPHQL_MAX_COST: '-1', RATE_LIMIT_OPERATIONS_PER_USER: 'lots' }).sort()).toEqual([
      'GRAPHQL_MAX_COST', 'GRAPHQL_MAX_DEPTH', 'RATE_LIMIT_OPERATIONS_PER_USER',
    ]);
  });
});
