import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { logIn, ME, REFRESH, signUp } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

let app: TestApp;
beforeAll(async () => {
  // No session cache, so that every request sees revocations at once.
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

async function refresh(refreshToken: string) {
  return exec(app, REFRESH, { refreshToken });
}

async function familyRows(sessionUserId: string) {
  return app.db.refreshToken.findMany({ where: { session: { userId: sessionUserId } }, include: { session: true } });
}

describe('refresh', () => {
  it('rotates: returns a new pair for the same session and the old refresh token stops working', async () => {
    const account = await signUp(app);

    const rotated = (await refresh(account.refreshToken)).expectData().refresh;

    expect(rotated.refreshToken).not.toBe(account.refreshToken);
    expect(rotated.user.id).toBe(account.id);
    expect((await exec(app, ME, {}, { token: rotated.accessToken })).expectData().me.id).toBe(account.id);
    const rows = await familyRows(account.id);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.parentId !== null)?.parentId).toBe(rows.find((r) => r.parentId === null)?.id);
  });

  it('lets exactly one of 20 concurrent refreshes of one token win, minting exactly one successor', async () => {
    const account = await signUp(app);

    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(account.refreshToken)));

    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.errors).every((r) => r.errors![0].extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    const rows = await familyRows(account.id);
    expect(rows.filter((r) => r.parentId !== null)).toHaveLength(1);
    // The losers presented a used token: reuse, so the session is revoked (strict policy).
    expect(rows.every((r) => r.revokedAt !== null && r.session.revokedReason === 'reuse_detected')).toBe(true);
  });

  it('treats a used token presented again as theft: the whole session ends, other devices keep theirs', async () => {
    const account = await signUp(app);
    const otherDevice = await logIn(app, account);
    const t2 = (await refresh(account.refreshToken)).expectData().refresh;

    const replay = await refresh(account.refreshToken);

    expect(replay.expectError('UNAUTHENTICATED').message).toBe('Invalid or expired refresh token');
    (await refresh(t2.refreshToken)).expectError('UNAUTHENTICATED');
    (await exec(app, ME, {}, { token: t2.accessToken })).expectError('UNAUTHENTICATED');
    const otherRotated = (await refresh(otherDevice.refreshToken)).expectData().refresh;
    expect((await exec(app, ME, {}, { token: otherRotated.accessToken })).expectData().me.id).toBe(account.id);
  });

  it('refuses a token idle past its expiry', async () => {
    const account = await signUp(app);
    await app.db.refreshToken.updateMany({ where: { session: { userId: account.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });

    (await refresh(account.refreshToken)).expectError('UNAUTHENTICATED');
  });

  it('refuses a fresh token once the session passed its absolute lifetime, and its access token too', async () => {
    const account = await signUp(app);
    const rotated = (await refresh(account.refreshToken)).expectData().refresh;
    await app.db.session.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    (await refresh(rotated.refreshToken)).expectError('UNAUTHENTICATED');
    (await exec(app, ME, {}, { token: rotated.accessToken })).expectError('UNAUTHENTICATED');
  });

  it('refuses an unknown token, an access token, and a missing token', async () => {
    const account = await signUp(app);

    (await refresh('x'.repeat(43))).expectError('UNAUTHENTICATED');
    (await refresh(account.accessToken)).expectError('UNAUTHENTICATED');
    (await exec(app, REFRESH, {})).expectError('UNAUTHENTICATED');
  });

  it('keeps the session absolute expiry across rotations and caps the refresh expiry at it', async () => {
    const account = await signUp(app);
    const session = await app.db.session.findFirstOrThrow({ where: { userId: account.id } });
    const soon = new Date(Date.now() + 60_000);
    await app.db.session.update({ where: { id: session.id }, data: { expiresAt: soon } });

    const rotated = (await refresh(account.refreshToken)).expectData().refresh;

    expect(new Date(rotated.refreshTokenExpiresAt).getTime()).toBe(soon.getTime());
    expect((await app.db.session.findUniqueOrThrow({ where: { id: session.id } })).expiresAt).toEqual(soon);
  });
});
