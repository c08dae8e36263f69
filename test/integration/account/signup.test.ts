import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ME, SIGNUP, signUp } from '../../helpers/accounts';
import { unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

function newUsername(): string {
  return unique('s').replace(/-/g, '_').slice(0, 20);
}

describe('signup', () => {
  it('creates an account with a normalised e-mail and a generated nickname (never the username), and signs it in', async () => {
    const username = newUsername();

    const data = (
      await exec(app, SIGNUP, { input: { email: `  ${username.toUpperCase()}@Example.COM `, username, password: 'long enough pw', admissionYear: 2024 } })
    ).expectData();

    expect(data.signup.user).toMatchObject({ username, email: `${username}@example.com`, role: 'USER' });
    expect(data.signup.user.nickname).toMatch(/^새내기-[0-9a-f]{6}$/);
    const me = (await exec(app, ME, {}, { token: data.signup.accessToken })).expectData();
    expect(me.me.id).toBe(data.signup.user.id);
    expect(new Date(data.signup.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(data.signup.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('stores only a bcrypt hash of the password and only a hash of the refresh token', async () => {
    const account = await signUp(app);

    const user = await app.db.user.findUniqueOrThrow({ where: { id: account.id } });
    const tokens = await app.db.refreshToken.findMany({ where: { session: { userId: account.id } } });

    expect(user.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(JSON.stringify(user)).not.toContain(account.password);
    expect(JSON.stringify(tokens)).not.toContain(account.refreshToken);
    expect(tokens).toHaveLength(1);
  });

  it('answers CONFLICT naming the field for a taken e-mail or username, whatever their case', async () => {
    const first = await signUp(app);

    const sameEmail = await exec(app, SIGNUP, { input: { email: first.email.toUpperCase(), username: newUsername(), password: 'long enough pw' } });
    const sameUsername = await exec(app, SIGNUP, { input: { email: `${newUsername()}@example.com`, username: first.username.toUpperCase(), password: 'long enough pw' } });

    expect(sameEmail.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'email', message: 'is already registered' }]);
    expect(sameUsername.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'username', message: 'is already taken' }]);
  });

  it('lets exactly one of several concurrent sign-ups with one e-mail through, the others CONFLICT', async () => {
    const email = `${newUsername()}@example.com`;

    const results = await Promise.all(
      Array.from({ length: 6 }, () => exec(app, SIGNUP, { input: { email, username: newUsername(), password: 'long enough pw' } })),
    );

    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
    expect(await app.db.user.count({ where: { email } })).toBe(1);
  });

  it.each([
    ['shorter than 8 bytes', 'short7!', 'must be at least 8 characters'],
    ['longer than 72 bytes (25 Korean characters are 75 bytes)', '가'.repeat(25), 'must be at most 72 bytes (about 72 Latin or 24 Korean characters)'],
    ['equal to the username', 'USERNAME', 'must not be your e-mail address or username'],
  ])('rejects a password %s with BAD_USER_INPUT, writing nothing and never echoing it', async (_case, password, message) => {
    const username = newUsername();
    const chosen = password === 'USERNAME' ? username.toUpperCase() : password;

    const result = await exec(app, SIGNUP, { input: { email: `${username}@example.com`, username, password: chosen } });

    expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'password', message }]);
    expect(JSON.stringify(result.errors)).not.toContain(chosen);
    expect(await app.db.user.count({ where: { usernameKey: username.toLowerCase() } })).toBe(0);
  });

  it('accepts a 72-byte password (24 Korean characters) and checks bytes, not characters', async () => {
    const account = await signUp(app, { password: '가'.repeat(24) });

    expect(account.accessToken).toBeTruthy();
  });

  it('rejects malformed fields, listing every problem, and has no school field (membership is proven, not declared)', async () => {
    const badFormat = await exec(app, SIGNUP, { input: { email: 'not-an-email', username: 'a b', password: 'long enough pw' } });
    const withSchool = await exec(app, SIGNUP, { input: { email: `${newUsername()}@example.com`, username: newUsername(), password: 'long enough pw', schoolId: 'any' } });

    expect(badFormat.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'email', message: 'must be a valid e-mail address' },
      { field: 'username', message: 'must be 3-20 letters, digits or underscores' },
    ]);
    expect(withSchool.expectError('BAD_USER_INPUT').message).toContain('schoolId');
  });

  it('refuses fields a client may not set (no mass assignment of role)', async () => {
    const username = newUsername();

    const result = await exec(app, SIGNUP, { input: { email: `${username}@example.com`, username, password: 'long enough pw', role: 'STAFF' } });

    result.expectError('BAD_USER_INPUT');
    expect(await app.db.user.count({ where: { usernameKey: username.toLowerCase() } })).toBe(0);
  });
});
