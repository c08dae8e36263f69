/**
 * Attempt limits on sign-in and sign-up, checked before any bcrypt work: progressive delays
 * per account (never a lockout the owner cannot get past), limits per IP. Work done is
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

/** Sleeps past a delay of `seconds` (the delays are whole seconds; tests keep them at 2-4 s). */
const waitOut = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 150));

describe('per-account login backoff (3 free failures, then 2 s, 4 s, capped at 4 s)', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(
      testConfig({
        LOGIN_BACKOFF_FREE_ATTEMPTS: '3',
        LOGIN_BACKOFF_BASE_SECONDS: '2',
        LOGIN_BACKOFF_MAX_SECONDS: '4',
        RATE_LIMIT_LOGIN_PER_IP: '1000',
        // The client address comes from X-Forwarded-For, so that one test plays many clients.
        TRUST_PROXY: '127.0.0.1',
      }),
    );
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  const loginFrom = (ip: string, name: string, password: string) => post(baseUrl, LOGIN, { input: { login: name, password } }, { 'x-forwarded-for': ip });

  it('refuses the attempt after the free failures, even with the right password, without running bcrypt; then lets it through', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 3; i++) (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED'); // the 4th failure earns 2 s
    await settle(app);

    const before = app.passwords.completedTasks;
    const refused = await login(app, account.username, account.password);
    const after = app.passwords.completedTasks;

    const error = refused.expectError('RATE_LIMITED');
    // Whole seconds rounded up: 2, or 1 if this machine took over a second meanwhile.
    expect([1, 2]).toContain(error.extensions?.retryAfterSeconds);
    expect(refused.data).toBeNull();
    expect(after).toBe(before);
    await waitOut(2);
    (await login(app, account.username, account.password)).expectData();
  });

  it('doubles the delay with each further failure, up to the cap, and a refused attempt does not lengthen it', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 3; i++) (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');

    const retryAfter = async () => Number((await login(app, account.username, WRONG)).expectError('RATE_LIMITED').extensions?.retryAfterSeconds);
    (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    const afterFourth = await retryAfter();
    await waitOut(2);
    (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    const afterFifth = await retryAfter();
    const repeated = await retryAfter();
    await waitOut(4);
    (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    const afterSixth = await retryAfter();

    // Whole seconds rounded up, so each may read one less on a slow machine: 2, 4, then 4 (8 capped).
    expect([1, 2]).toContain(afterFourth);
    expect([3, 4]).toContain(afterFifth);
    expect(repeated).toBeLessThanOrEqual(afterFifth);
    expect(repeated).toBeGreaterThanOrEqual(3);
    expect([3, 4]).toContain(afterSixth);
  });

  it('cannot be turned into a lockout: failures from many addresses slow down strangers, never the owner on an address they signed in from', async () => {
    const account = await signUp(app);
    const ownerIp = '198.51.100.7';
    (await loginFrom(ownerIp, account.username, account.password)).expectData();
    // Ten attackers, each staying under the free failures of its own address: the account-wide
    // delay soon refuses them (strangers to the account) too.
    const codes: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 2; j++) codes.push((await loginFrom(`203.0.113.${i + 1}`, account.username, WRONG)).errors?.[0]?.extensions?.code);
    }
    expect(codes.slice(0, 3)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(codes).toContain('RATE_LIMITED');

    const stranger = await loginFrom('203.0.113.200', account.username, WRONG);
    const owner = await loginFrom(ownerIp, account.username, account.password);

    expect(stranger.status).toBe(429);
    expect(stranger.expectError('RATE_LIMITED').extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(owner.status).toBe(200);
    owner.expectData();
    expect(await app.db.session.count({ where: { userId: account.id, ip: ownerIp } })).toBe(2);
  });

  it('delays an address that keeps failing on its own, whatever account state, with 429 and Retry-After', async () => {
    const account = await signUp(app);
    const ownerIp = '198.51.100.8';
    (await loginFrom(ownerIp, account.username, account.password)).expectData();
    const attacker = '203.0.113.77';
    for (let i = 0; i < 4; i++) (await loginFrom(attacker, account.username, WRONG)).expectError('UNAUTHENTICATED');

    const refused = await loginFrom(attacker, account.username, account.password);
    const owner = await loginFrom(ownerIp, account.username, account.password);

    expect(refused.status).toBe(429);
    const retryAfter = refused.headers.get('retry-after');
    expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
    expect(Number(retryAfter)).toBe(refused.expectError('RATE_LIMITED').extensions?.retryAfterSeconds);
    owner.expectData();
  });

  it('counts failures against the account whichever identifier (e-mail or username, any case) they use', async () => {
    const account = await signUp(app);
    (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.email, WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.email.toUpperCase(), WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.username.toUpperCase(), WRONG)).expectError('UNAUTHENTICATED');

    (await login(app, account.username, account.password)).expectError('RATE_LIMITED');
  });

  it('starts counting again after a successful login', async () => {
    const account = await signUp(app);
    for (let i = 0; i < 3; i++) (await login(app, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(app, account.username, account.password)).expectData();

    const again = [await login(app, account.username, WRONG), await login(app, account.username, WRONG), await login(app, account.username, WRONG)];

    for (const attempt of again) attempt.expectError('UNAUTHENTICATED');
  });

  it('treats an unknown account like a known one (same delays), and answers both identically after exactly one bcrypt operation', async () => {
    const account = await signUp(app);
    const nobody = unique('nobody');
    await settle(app);

    const before = app.passwords.completedTasks;
    const unknownAccount = await login(app, nobody, WRONG);
    const afterUnknown = app.passwords.completedTasks;
    const wrongPassword = await login(app, account.username, WRONG);
    const afterWrong = app.passwords.completedTasks;
    for (let i = 0; i < 3; i++) {
      await login(app, nobody, WRONG);
      await login(app, account.username, WRONG);
    }
    const [unknownRefused, knownRefused] = [await login(app, nobody, WRONG), await login(app, account.username, WRONG)];

    const [unknownError, wrongError] = [unknownAccount.expectError('UNAUTHENTICATED'), wrongPassword.expectError('UNAUTHENTICATED')];
    expect({ message: unknownError.message, extensions: unknownError.extensions }).toEqual({ message: wrongError.message, extensions: wrongError.extensions });
    expect(unknownAccount.errors).toEqual(wrongPassword.errors);
    expect(afterUnknown - before).toBe(1);
    expect(afterWrong - afterUnknown).toBe(1);
    expect(unknownRefused.errors).toEqual(knownRefused.errors);
  });

  it('slows down wrong current passwords of changePassword the same way (a key only the account can reach)', async () => {
    const account = await signUp(app);
    const change = (currentPassword: string) =>
      exec(app, 'mutation C($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }', { input: { currentPassword, newPassword: 'a brand new secret' } }, { token: account.accessToken });
    for (let i = 0; i < 4; i++) (await change(WRONG)).expectError('BAD_USER_INPUT');

    (await change(account.password)).expectError('RATE_LIMITED');
    (await login(app, account.username, account.password)).expectData();
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

describeWithRedis('per-account login backoff shared through Redis', () => {
  const pair = useTwoInstancesSharingRedis({ LOGIN_BACKOFF_FREE_ATTEMPTS: '2', LOGIN_BACKOFF_BASE_SECONDS: '60', RATE_LIMIT_LOGIN_PER_IP: '1000' });

  it('counts failures made on two instances against one account', async () => {
    const { first, second, redis } = pair;
    const account = await signUp(first);
    const key = `campus:backoff:failures:user:${account.id}`;
    for (const suffix of ['', '@127.0.0.1']) {
      pair.forget(`campus:backoff:failures:user:${account.id}${suffix}`);
      pair.forget(`campus:backoff:wait:user:${account.id}${suffix}`);
    }
    (await login(first, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(second, account.username, WRONG)).expectError('UNAUTHENTICATED');
    (await login(first, account.username, WRONG)).expectError('UNAUTHENTICATED');

    const onSecond = await login(second, account.username, account.password);
    const onFirst = await login(first, account.username, account.password);

    onSecond.expectError('RATE_LIMITED');
    onFirst.expectError('RATE_LIMITED');
    // The count lives in Redis (not in either process's fallback memory).
    expect(Number(await redis.get(key))).toBe(3);
  });
});
