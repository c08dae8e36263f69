import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, ME, signUp } from '../../helpers/accounts';
import { createSchool } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const UPDATE = `mutation Update($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id nickname admissionYear timeZone email school { id name } }
}`;
const DELETE = 'mutation Delete($password: String!) { deleteAccount(password: $password) }';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

describe('me', () => {
  it('is null for an anonymous caller', async () => {
    expect((await exec(app, ME)).expectData()).toEqual({ me: null });
  });

  it('shows the viewer their own e-mail', async () => {
    const account = await signUp(app);

    expect((await exec(app, ME, {}, { token: account.accessToken })).expectData().me).toMatchObject({ id: account.id, email: account.email });
  });
});

describe('updateProfile', () => {
  it('changes only the given fields', async () => {
    const school = await createSchool(app.db);
    const account = await signUp(app, { nickname: '처음', schoolId: school.id });

    const data = (await exec(app, UPDATE, { input: { admissionYear: 2023, timeZone: 'Asia/Seoul' } }, { token: account.accessToken })).expectData();

    expect(data.updateProfile).toEqual({ id: account.id, nickname: '처음', admissionYear: 2023, timeZone: 'Asia/Seoul', email: account.email, school: { id: school.id, name: school.name } });
  });

  it('rejects an unknown time zone and an empty nickname, changing nothing', async () => {
    const account = await signUp(app);

    const result = await exec(app, UPDATE, { input: { nickname: '   ', timeZone: 'Mars/Olympus' } }, { token: account.accessToken });

    expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'nickname', message: 'cannot be empty' },
      { field: 'timeZone', message: 'is not a known IANA time zone' },
    ]);
    expect((await app.db.user.findUniqueOrThrow({ where: { id: account.id } })).timeZone).toBeNull();
  });

  it('refuses role changes through the API (no such input field)', async () => {
    const account = await signUp(app);

    (await exec(app, UPDATE, { input: { role: 'STAFF' } }, { token: account.accessToken })).expectError('BAD_USER_INPUT');

    expect((await app.db.user.findUniqueOrThrow({ where: { id: account.id } })).role).toBe('USER');
  });

  it('requires a signed-in caller', async () => {
    (await exec(app, UPDATE, { input: { nickname: 'x' } })).expectError('UNAUTHENTICATED');
  });
});

describe('deleteAccount', () => {
  it('refuses a wrong password and keeps the account', async () => {
    const account = await signUp(app);

    const result = await exec(app, DELETE, { password: 'not my password' }, { token: account.accessToken });

    expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'password', message: 'is incorrect' }]);
    expect((await exec(app, ME, {}, { token: account.accessToken })).expectData().me.id).toBe(account.id);
  });

  it('signs out everywhere, blanks personal data, keeps the row, and frees the e-mail and username', async () => {
    const account = await signUp(app);
    await app.db.project.create({ data: { ownerId: account.id, name: '비공개', activeNameKey: '비공개' } });

    (await exec(app, DELETE, { password: account.password }, { token: account.accessToken })).expectData();

    (await exec(app, ME, {}, { token: account.accessToken })).expectError('UNAUTHENTICATED');
    (await exec(app, LOGIN, { input: { login: account.username, password: account.password } })).expectError('UNAUTHENTICATED');
    const row = await app.db.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).toMatchObject({ email: null, username: null, passwordHash: null, nickname: '(deleted user)', deletedAt: expect.any(Date) });
    expect(await app.db.session.count({ where: { userId: account.id, revokedAt: null } })).toBe(0);
    expect(await app.db.project.count({ where: { ownerId: account.id } })).toBe(0);
    expect((await signUp(app, { email: account.email, username: account.username })).accessToken).toEqual(expect.any(String));
  });
});
