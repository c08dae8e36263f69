/**
 * The general operation budget over HTTP: per IP while anonymous, per user once signed in,
 * answered RATE_LIMITED with HTTP 429 and Retry-After; in memory, or shared through Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../helpers/accounts';
import { post } from '../helpers/graphql';
import { describeWithRedis } from '../helpers/redis-available';
import { useTwoInstancesSharingRedis } from '../helpers/redis-pair';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const ME = '{ me { id } }';

describe('budget of 3 per IP and 5 per user (memory)', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ RATE_LIMIT_OPERATIONS_PER_IP: '3', RATE_LIMIT_OPERATIONS_PER_USER: '5', RATE_LIMIT_OPERATIONS_WINDOW_SECONDS: '60' }));
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  it('refuses the 4th anonymous operation from one IP with 429, RATE_LIMITED and Retry-After, whatever X-Forwarded-For says', async () => {
    const allowed = [await post(baseUrl, ME), await post(baseUrl, ME), await post(baseUrl, ME)];
    const refused = await post(baseUrl, ME, {}, { 'x-forwarded-for': '203.0.113.7' });

    for (const response of allowed) expect(response.status).toBe(200);
    expect(refused.status).toBe(429);
    expect(refused.data).toBeUndefined();
    const error = refused.expectError('RATE_LIMITED');
    expect(error.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.headers.get('retry-after')).toBe(String(error.extensions?.retryAfterSeconds));
  });

  it('counts a signed-in user on their own budget, apart from the IP and from other users', async () => {
    // Accounts are made in-process (executeOperation is not an HTTP request: no budget).
    const [alice, bob] = [await signUp(app), await signUp(app)];
    const as = (token: string) => post(baseUrl, ME, {}, { authorization: `Bearer ${token}` });

    const aliceCalls = [];
    for (let i = 0; i < 6; i++) aliceCalls.push(await as(alice.accessToken));
    const bobCall = await as(bob.accessToken);

    expect(aliceCalls.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    aliceCalls[5].expectError('RATE_LIMITED');
    expect(bobCall.status).toBe(200);
    expect(bobCall.expectData().me.id).toBe(bob.id);
  });
});

describeWithRedis('budget shared through Redis', () => {
  const pair = useTwoInstancesSharingRedis({ RATE_LIMIT_OPERATIONS_PER_USER: '4', RATE_LIMIT_OPERATIONS_WINDOW_SECONDS: '60' });

  it('counts one user’s operations on two instances against one budget', async () => {
    const { first, second, redis } = pair;
    const [firstUrl, secondUrl] = [await first.listen(), await second.listen()];
    const account = await signUp(first);
    const key = `campus:operations:user:${account.id}`;
    pair.forget(key);
    const auth = { authorization: `Bearer ${account.accessToken}` };

    const statuses = [];
    for (const url of [firstUrl, secondUrl, firstUrl, secondUrl, firstUrl]) statuses.push((await post(url, ME, {}, auth)).status);

    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(Number(await redis.get(key))).toBe(5);
  });
});
