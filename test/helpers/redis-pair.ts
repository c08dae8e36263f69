/**
 * Two app instances sharing one Redis (as several servers behind a load balancer would),
 * plus a direct Redis client to inspect counters. Registers its own beforeAll/afterAll;
 * keys passed to `forget` are deleted afterwards so runs never see each other's counters.
 * Call it inside `describeWithRedis` (redis-available.ts), which skips without a Redis.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { REDIS_URL } from './redis-available';
import { testConfig } from './test-config';
import { createTestApp, type TestApp } from './test-app';


export interface RedisPair {
  readonly first: TestApp;
  readonly second: TestApp;
  readonly redis: Redis;
  forget(key: string): void;
}

export function useTwoInstancesSharingRedis(overrides: Record<string, string>): RedisPair {
  let first: TestApp;
  let second: TestApp;
  let redis: Redis;
  const keys: string[] = [];
  beforeAll(async () => {
    const config = testConfig({ REDIS_URL, ...overrides });
    first = await createTestApp(config);
    second = await createTestApp(config);
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });
  afterAll(async () => {
    await Promise.allSettled([first?.stop(), second?.stop()]);
    if (keys.length > 0) await redis?.del(...keys);
    redis?.disconnect();
  });
  return {
    get first() {
      return first;
    },
    get second() {
      return second;
    },
    get redis() {
      return redis;
    },
    forget: (key) => void keys.push(key),
  };
}
