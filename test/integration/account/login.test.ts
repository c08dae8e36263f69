import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, ME, signUp } from '../../helpers/accounts';
import { unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

describe('login', () => {
  it('signs in with the e-mail (any case) or the username, each time as a new session', async () => {
    const account = await signUp(app);

    const byEmail = (await exec(app, LOGIN, { input: { login: account.email.toUpperCase(), password: account.password } })).expectData();
    const byUsername = (await exec(app, LOGIN, { input: { login: account.username, password: account.password } })).expectData();

    expect(byEmail.login.user.id).toBe(account.id);
    expect(byUsername.login.user.id).toBe(account.id);
    expect(await app.db.session.count({ where: { userId: account.id } })).toBe(3);
    expect((await exec(app, ME, {}, { token: byUsername.login.accessToken })).expectData().me.id).toBe(account.id);
  });

  it('answers an unknown account and a wrong password alike, after the same bcrypt work', async () => {
    const account = await signUp(app);

    const before = app.passwords.completedTasks;
    const wrongPassword = await exec(app, LOGIN, { input: { login: account.username, password: 'not the password' } });
    const afterWrong = app.passwords.completedTasks;
    const unknownAccount = await exec(app, LOGIN, { input: { login: unique('nobody'), password: 'not the password' } });
    const afterUnknown = app.passwords.completedTasks;

    expect(wrongPassword.errors).toEqual(unknownAccount.errors);
    expect(wrongPassword.expectError('UNAUTHENTICATED').message).toBe('Invalid login or password');
    expect(afterWrong - before).toBe(1);
    expect(afterUnknown - afterWrong).toBe(1);
  });
});
