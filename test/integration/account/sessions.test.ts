import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logIn, ME, REFRESH, signUp } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const LOGOUT = 'mutation Logout($refreshToken: String) { logout(refreshToken: $refreshToken) }';
const LOGOUT_ALL = 'mutation { logoutAll }';
const SESSIONS = 'query { sessions { id userAgent ip createdAt lastUsedAt expiresAt current } }';
const REVOKE = 'mutation Revoke($id: ID!) { revokeSession(id: $id) }';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

describe('logout', () => {
  it('ends the session of the refresh token: it cannot refresh and its access token is refused', async () => {
    const account = await signUp(app);
    const other = await logIn(app, account);

    const done = (await exec(app, LOGOUT, { refreshToken: account.refreshToken })).expectData();

    expect(done.logout).toBe(true);
    (await exec(app, REFRESH, { refreshToken: account.refreshToken })).expectError('UNAUTHENTICATED');
    (await exec(app, ME, {}, { token: account.accessToken })).expectError('UNAUTHENTICATED');
    expect((await exec(app, ME, {}, { token: other.accessToken })).expectData().me.id).toBe(account.id);
  });

  it('without a refresh token, ends the caller\'s current session', async () => {
    const account = await signUp(app);

    (await exec(app, LOGOUT, {}, { token: account.accessToken })).expectData();

    (await exec(app, ME, {}, { token: account.accessToken })).expectError('UNAUTHENTICATED');
  });

  it('is idempotent and says nothing about unknown tokens', async () => {
    const account = await signUp(app);

    const first = await exec(app, LOGOUT, { refreshToken: account.refreshToken });
    const again = await exec(app, LOGOUT, { refreshToken: account.refreshToken });
    const unknown = await exec(app, LOGOUT, { refreshToken: 'no-such-token' });

    expect([first.expectData(), again.expectData(), unknown.expectData()]).toEqual(Array(3).fill({ logout: true }));
  });
});

describe('logoutAll', () => {
  it('ends every session of the viewer', async () => {
    const account = await signUp(app);
    const second = await logIn(app, account);

    (await exec(app, LOGOUT_ALL, {}, { token: account.accessToken })).expectData();

    for (const token of [account.accessToken, second.accessToken]) (await exec(app, ME, {}, { token })).expectError('UNAUTHENTICATED');
    (await exec(app, REFRESH, { refreshToken: second.refreshToken })).expectError('UNAUTHENTICATED');
  });

  it('requires a signed-in caller', async () => {
    (await exec(app, LOGOUT_ALL)).expectError('UNAUTHENTICATED');
  });
});

describe('sessions and revokeSession', () => {
  it('lists the viewer\'s live sessions, marking the current one', async () => {
    const account = await signUp(app);
    const second = await logIn(app, account);
    const third = await logIn(app, account);
    await exec(app, LOGOUT, { refreshToken: third.refreshToken });

    const data = (await exec(app, SESSIONS, {}, { token: second.accessToken })).expectData();

    expect(data.sessions).toHaveLength(2);
    expect(data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(data.sessions[0]).toMatchObject({ ip: '127.0.0.1', createdAt: expect.any(String), expiresAt: expect.any(String) });
  });

  it('revokes one of the viewer\'s sessions, whose access token then fails', async () => {
    const account = await signUp(app);
    const second = await logIn(app, account);
    const sessions = (await exec(app, SESSIONS, {}, { token: account.accessToken })).expectData().sessions;
    const other = sessions.find((s: { current: boolean }) => !s.current);

    (await exec(app, REVOKE, { id: other.id }, { token: account.accessToken })).expectData();

    (await exec(app, ME, {}, { token: second.accessToken })).expectError('UNAUTHENTICATED');
    expect((await exec(app, ME, {}, { token: account.accessToken })).expectData().me.id).toBe(account.id);
  });

  it('answers NOT_FOUND for another user\'s session, leaving it alive', async () => {
    const owner = await signUp(app);
    const stranger = await signUp(app);
    const ownerSession = (await exec(app, SESSIONS, {}, { token: owner.accessToken })).expectData().sessions[0];

    const attempt = await exec(app, REVOKE, { id: ownerSession.id }, { token: stranger.accessToken });
    const random = await exec(app, REVOKE, { id: 'no-such-session' }, { token: stranger.accessToken });

    expect(attempt.expectError('NOT_FOUND').message).toBe(random.expectError('NOT_FOUND').message);
    expect((await exec(app, ME, {}, { token: owner.accessToken })).expectData().me.id).toBe(owner.id);
  });
});

describe('the session cache', () => {
  it('drops a revoked session at once in the instance that revoked it', async () => {
    const cached = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '10000' }));
    try {
      const account = await signUp(cached);
      (await exec(cached, ME, {}, { token: account.accessToken })).expectData();

      await exec(cached, LOGOUT, { refreshToken: account.refreshToken });

      (await exec(cached, ME, {}, { token: account.accessToken })).expectError('UNAUTHENTICATED');
    } finally {
      await cached.stop();
    }
  });
});

describe('housekeeping', () => {
  it('deletes sessions that ended more than a day ago with their tokens, keeping live ones', async () => {
    const live = await signUp(app);
    const ended = await signUp(app);
    const longAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await app.db.session.updateMany({ where: { userId: ended.id }, data: { revokedAt: longAgo } });

    await app.services.session.purgeEnded();

    expect(await app.db.session.count({ where: { userId: ended.id } })).toBe(0);
    expect(await app.db.refreshToken.count({ where: { session: { userId: ended.id } } })).toBe(0);
    (await exec(app, REFRESH, { refreshToken: live.refreshToken })).expectData();
  });
});
