import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AUTH_FIELDS, LOGIN, logIn, ME, REFRESH, signUp } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { InMemoryMailer } from '../../helpers/mailer';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const CHANGE = `mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { ${AUTH_FIELDS} } }`;
const REQUEST_RESET = 'mutation Request($email: String!) { requestPasswordReset(email: $email) }';
const RESET = 'mutation Reset($input: ResetPasswordInput!) { resetPassword(input: $input) }';

const mailer = new InMemoryMailer();
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }), { mailer });
});
afterAll(() => app.stop());

function login(username: string, password: string) {
  return exec(app, LOGIN, { input: { login: username, password } });
}

describe('changePassword', () => {
  it('changes the password, ends the other sessions and returns fresh tokens for this one', async () => {
    const account = await signUp(app);
    const otherDevice = await logIn(app, account);

    const changed = (await exec(app, CHANGE, { input: { currentPassword: account.password, newPassword: 'a brand new secret' } }, { token: account.accessToken })).expectData();

    (await exec(app, ME, {}, { token: otherDevice.accessToken })).expectError('UNAUTHENTICATED');
    (await exec(app, REFRESH, { refreshToken: otherDevice.refreshToken })).expectError('UNAUTHENTICATED');
    (await exec(app, REFRESH, { refreshToken: account.refreshToken })).expectError('UNAUTHENTICATED');
    expect((await exec(app, ME, {}, { token: changed.changePassword.accessToken })).expectData().me.id).toBe(account.id);
    (await exec(app, REFRESH, { refreshToken: changed.changePassword.refreshToken })).expectData();
    (await login(account.username, account.password)).expectError('UNAUTHENTICATED');
    (await login(account.username, 'a brand new secret')).expectData();
  });

  it('refuses a wrong current password and a new password breaking the policy, changing nothing', async () => {
    const account = await signUp(app);
    const before = (await app.db.user.findUniqueOrThrow({ where: { id: account.id } })).passwordHash;

    const wrong = await exec(app, CHANGE, { input: { currentPassword: 'wrong password', newPassword: 'a brand new secret' } }, { token: account.accessToken });
    const weak = await exec(app, CHANGE, { input: { currentPassword: account.password, newPassword: 'short' } }, { token: account.accessToken });

    expect(wrong.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'currentPassword', message: 'is incorrect' }]);
    expect(weak.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'newPassword', message: 'must be at least 8 characters' }]);
    expect((await app.db.user.findUniqueOrThrow({ where: { id: account.id } })).passwordHash).toBe(before);
  });
});

describe('password reset', () => {
  it('answers true for any address and mails a link only to an existing account', async () => {
    const account = await signUp(app);
    const sentBefore = mailer.sent.length;

    const unknown = (await exec(app, REQUEST_RESET, { email: 'nobody-here@example.com' })).expectData();
    const known = (await exec(app, REQUEST_RESET, { email: account.email.toUpperCase() })).expectData();

    expect([unknown.requestPasswordReset, known.requestPasswordReset]).toEqual([true, true]);
    await mailer.resetToken(account.email, sentBefore);
    const resets = mailer.sent.slice(sentBefore).filter((m) => m.text.includes('/reset-password#token='));
    expect(resets).toEqual([expect.objectContaining({ to: account.email, text: expect.stringContaining('http://localhost:3000/reset-password#token=') })]);
  });

  it('sets the new password with the mailed token once, ending every session', async () => {
    const account = await signUp(app);
    await exec(app, REQUEST_RESET, { email: account.email });
    const token = await mailer.resetToken(account.email);

    (await exec(app, RESET, { input: { token, newPassword: 'reset to this one' } })).expectData();
    const again = await exec(app, RESET, { input: { token, newPassword: 'and then this one' } });

    expect(again.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'token', message: 'is invalid or expired' }]);
    (await exec(app, ME, {}, { token: account.accessToken })).expectError('UNAUTHENTICATED');
    (await login(account.username, 'reset to this one')).expectData();
    const stored = await app.db.passwordResetToken.findMany({ where: { userId: account.id } });
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('refuses an expired token and keeps the password', async () => {
    const account = await signUp(app);
    await exec(app, REQUEST_RESET, { email: account.email });
    const token = await mailer.resetToken(account.email);
    await app.db.passwordResetToken.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    (await exec(app, RESET, { input: { token, newPassword: 'reset to this one' } })).expectError('BAD_USER_INPUT');

    (await login(account.username, account.password)).expectData();
  });
});
