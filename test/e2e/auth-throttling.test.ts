/**
 * Attempt limits on sign-in and sign-up, checked before any bcrypt work. Work done is
 * measured with `app.passwords.completedTasks` (finished bcrypt operations), never with time.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, SIGNUP, signUp } from '../helpers/accounts';
import { unique } from '../helpers/factories';
import { exec, post } from '../helpers/graphql';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { describeWithRedis } from '../helpers/redis-available';
import { useTwoInstancesSharingRedis } from '../helpers/redis-pair';
import { testConfig } from '../helpers/test-config';

const WRONG = 'definitely not the password';

const login = (app: TestApp, name: string, password: string) => exec(app, LOGIN, { input: { login: name, password } });

/**
 * Makes sure the app's lazily prepared bcrypt work (the dummy hash for unknown accounts) has
 * finished, so that completedTasks moves only with the call being measured.
 */
async function settle(app: TestApp): Promise<void> {
  await login(app, unique('warmup'), WRONG);
}

describe('per-account login limit (3 attempts)', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ RATE_LIMIT_LOGIN_PER_ACCOUNT: '3', RATE_LIMIT_LOGIN_PER_IP: '1000' }));
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  it('refuses the next login after 3 wrong passwords, even with the right password, without running bcrypt', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 3; i++) (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    await settle(app);

    const before = app.passwords.completedTasks;
    const refused = await login(app, account.username, account.password);
    const after = app.passwords.completedTasks;

    const error = refused.expectError('RATE_LIMITED');
    expect(Number.isInteger(error.extensions?.retryAfterSeconds)).toBe(true);
    expect(error.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.data).toBeNull();
    expect(after).toBe(before);
  });

  it('counts attempts against the account whichever identifier (e-mail or username, any case) they use', async () => {
    const account = await signUp(app);
    (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.email, WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.email.toUpperCase(), WRONG)).expectError('UNAUTHENTICATED');

    const fourth = await login(app, account.username.toUpperCase(), account.password);

    fourth.expectError('RATE_LIMITED');
  });

  it('answers a refused login over HTTP with 429 and a retry-after header', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 3; i++) (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');

    const response = await post(baseUrl, LOGIN, { input: { login: account.username, password: account.password } });

    expect(response.status).toBe(429);
    const error = response.expectError('RATE_LIMITED');
    const retryAfter = response.headers.get('retry-after');
    expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
    expect(Number(retryAfter)).toBe(error.extensions?.retryAfterSeconds);
  });

  it('starts counting again after a successful login', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 2; i++) (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.username, account.password)).expectData();

    const again = [await login(app, account.username, WRONG), await login(app, account.username, WRONG)];

    for (const attempt of again) attempt.expectError('UNAUTHENTICATED');
  });

  it('answers an unknown account and a wrong password identically, each after exactly one bcrypt operation', async () => {
    const account = await signUp(app);
    await settle(app);

    const before = app.passwords.completedTasks;
    const unknownAccount = await login(app, unique('nobody'), WRONG);
    const afterUnknown = app.passwords.completedTasks;
    const wrongPassword = await login(app, account.username, WRONG);
    const afterWrong = app.passwords.completedTasks;

    const [unknownError, wrongError] = [unknownAccount.expectError('UNAUTHENTICATED'), wrongPassword.expectError('UNAUTHENTICATED')];
    expect({ message: unknownError.message, extensions: unknownError.extensions }).toEqual({ message: wrongError.message, extensions: wrongError.extensions });
    expect(unknownAccount.errors).toEqual(wrongPassword.errors);
    expect(afterUnknown - before).toBe(1);
    expect(afterWrong - afterUnknown).toBe(1);
  });
});

describe('per-IP sign-up limit (2 sign-ups)', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ RATE_LIMIT_SIGNUP_PER_IP: '2' }));
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  it('refuses the third sign-up from the same client, without running bcrypt', async () => {
    const signupFrom = (username: string) =>
      post(baseUrl, SIGNUP, { input: { email: `${username}@example.com`, username, password: 'correct horse battery' } });
    const usernames = [0, 1, 2].map(() => unique('s').replace(/-/g, '_'));
    (await signupFrom(usernames[0])).expectData();
    (await signupFrom(usernames[1])).expectData();

    const before = app.passwords.completedTasks;
    const third = await signupFrom(usernames[2]);
    const after = app.passwords.completedTasks;

    expect(third.status).toBe(429);
    expect(third.expectError('RATE_LIMITED').extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(after).toBe(before);
    expect(await app.db.user.count({ where: { usernameKey: usernames[2] } })).toBe(0);
  });
});

describeWithRedis('per-account login limit shared through Redis', () => {
  const pair = useTwoInstancesSharingRedis({ RATE_LIMIT_LOGIN_PER_ACCOUNT: '3', RATE_LIMIT_LOGIN_PER_IP: '1000' });

  it('counts attempts made on two instances against one limit', async () => {
    const { first, second, redis } = pair;
    const account = await signUp(first);
    const key = `campus:throttle:loginPerAccount:user:${account.id}`;
    pair.forget(key);
    (await login(first, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(second, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(first, account.username, WRONG)).expectError('UNAUTHENTICATED');

    const onSecond = await login(second, account.username, account.password);
    const onFirst = await login(first, account.username, account.password);

    onSecond.expectError('RATE_LIMITED');
    onFirst.expectError('RATE_LIMITED');
    // The count lives in Redis (not in either process's fallback memory).
    expect(Number(await redis.get(key))).toBeGreaterThanOrEqual(3);
  });
});
