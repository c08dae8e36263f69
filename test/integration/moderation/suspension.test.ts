/**
 * suspendUser / unsuspendUser (STAFF), and the rule that deleted or suspended accounts never
 * refresh (the simplejwt bug class, docs/security.md E8). The app keeps the default session cache
 * (2 s): "at once" must hold without turning it off.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, ME, REFRESH, signUp, type TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

let app: TestApp;
let admin: TestAccount;
let schoolId: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '2000' }));
  schoolId = (await createCommunitySchool(app.db)).id;
  admin = await staff(app, schoolId);
});
afterAll(() => app.stop());

const SUSPEND = /* GraphQL */ `
  mutation Suspend($input: SuspendUserInput!) { suspendUser(input: $input) { user { id nickname } suspendedAt until reason } }
`;
const UNSUSPEND = /* GraphQL */ `
  mutation Unsuspend($userId: ID!) { unsuspendUser(userId: $userId) { id } }
`;
const CREATE_POST = /* GraphQL */ `
  mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { id } }
`;
const POST = /* GraphQL */ `
  query Post($id: ID!) { post(id: $id) { id content authorDisplayName } }
`;

const suspend = (input: Record<string, unknown>, by: TestAccount = admin) => exec(app, SUSPEND, { input }, { token: by.accessToken });
const login = (account: TestAccount, password = account.password) => exec(app, LOGIN, { input: { login: account.username, password } });
const me = (token: string) => exec(app, ME, {}, { token });
const inAnHour = () => new Date(Date.now() + 3600_000);

describe('suspendUser', () => {
  it('ends every session at once: access tokens fail on the next request and refresh tokens never work again', async () => {
    const target = await member(app, schoolId);
    const secondDevice = (await login(target)).expectData().login;
    // Both sessions were just used, so the verifier has them cached.
    (await me(target.accessToken)).expectData();
    (await me(secondDevice.accessToken)).expectData();
    const until = inAnHour();

    const answer = (await suspend({ userId: target.id, until: until.toISOString(), reason: '  욕설 반복  ' })).expectData().suspendUser;

    expect(answer).toMatchObject({ user: { id: target.id }, until: until.toISOString(), reason: '욕설 반복' });
    (await me(target.accessToken)).expectError('UNAUTHENTICATED');
    (await me(secondDevice.accessToken)).expectError('UNAUTHENTICATED');
    for (const token of [target.refreshToken, secondDevice.refreshToken]) {
      const refused = (await exec(app, REFRESH, { refreshToken: token })).expectError('ACCOUNT_SUSPENDED');
      expect(refused.extensions?.suspendedUntil).toBe(until.toISOString());
    }
    // The same revocation path as logout, with its own reason (what other modules hook onto).
    const sessions = await app.db.session.findMany({ where: { userId: target.id } });
    expect(sessions.map((s) => [s.revokedAt !== null, s.revokedReason])).toEqual([
      [true, 'suspended'],
      [true, 'suspended'],
    ]);
    expect(await app.db.refreshToken.count({ where: { session: { userId: target.id }, revokedAt: null } })).toBe(0);
  });

  it('refuses sign-in with ACCOUNT_SUSPENDED and the end date, but only to the right password', async () => {
    const target = await member(app, schoolId);
    const until = inAnHour();
    (await suspend({ userId: target.id, until: until.toISOString(), reason: '도배' })).expectData();

    const right = (await login(target)).expectError('ACCOUNT_SUSPENDED');
    const wrong = (await login(target, 'not the password at all')).expectError('UNAUTHENTICATED');

    expect(right.extensions?.suspendedUntil).toBe(until.toISOString());
    expect(JSON.stringify(wrong)).not.toContain('suspend');
    expect(await app.db.session.count({ where: { userId: target.id, revokedAt: null } })).toBe(0);
  });

  it('without an end date suspends until lifted (suspendedUntil null); unsuspendUser lets the account sign in again', async () => {
    const target = await member(app, schoolId);
    const answer = (await suspend({ userId: target.id, reason: '무기한' })).expectData().suspendUser;
    expect(answer.until).toBeNull();
    expect((await login(target)).expectError('ACCOUNT_SUSPENDED').extensions?.suspendedUntil).toBeNull();

    (await exec(app, UNSUSPEND, { userId: target.id }, { token: admin.accessToken })).expectData();

    const again = (await login(target)).expectData().login;
    (await me(again.accessToken)).expectData();
    (await exec(app, REFRESH, { refreshToken: again.refreshToken })).expectData();
  });

  it('ends by itself at its end date', async () => {
    const target = await member(app, schoolId);
    (await suspend({ userId: target.id, until: inAnHour().toISOString(), reason: '일시 정지' })).expectData();
    await app.db.user.update({ where: { id: target.id }, data: { suspendedUntil: new Date(Date.now() - 1000) } });

    (await login(target)).expectData();
  });

  it("keeps the account's content, and shows the suspension on the author to STAFF only", async () => {
    const target = await member(app, schoolId);
    const reader = await member(app, schoolId);
    const board = await createBoard(app.db, { schoolId });
    const post = (await exec(app, CREATE_POST, { input: { boardId: board.id, title: '남는 글', content: '정지되어도 남아요', isAnonymous: false } }, { token: target.accessToken })).expectData().createPost;
    const until = inAnHour();

    (await suspend({ userId: target.id, until: until.toISOString(), reason: '정지' })).expectData();

    expect((await exec(app, POST, { id: post.id }, { token: reader.accessToken })).expectData().post).toMatchObject({ content: '정지되어도 남아요', authorDisplayName: target.nickname });
    const AUTHOR_SUSPENSION = 'query Q($id: ID!) { post(id: $id) { author { id suspension { id until reason } } } }';
    expect((await exec(app, AUTHOR_SUSPENSION, { id: post.id }, { token: admin.accessToken })).expectData().post.author).toEqual({
      id: target.id,
      suspension: { id: target.id, until: until.toISOString(), reason: '정지' },
    });
    expect((await exec(app, AUTHOR_SUSPENSION, { id: post.id }, { token: reader.accessToken })).expectData().post.author).toEqual({ id: target.id, suspension: null });
  });

  it('refuses a past end date, an empty reason and oneself with BAD_USER_INPUT, writing nothing', async () => {
    const target = await member(app, schoolId);

    const past = (await suspend({ userId: target.id, until: new Date(Date.now() - 60_000).toISOString(), reason: '과거' })).expectError('BAD_USER_INPUT');
    const blank = (await suspend({ userId: target.id, reason: '   ' })).expectError('BAD_USER_INPUT');
    const self = (await suspend({ userId: admin.id, reason: '나' })).expectError('BAD_USER_INPUT');

    expect(past.extensions?.fields).toEqual([{ field: 'until', message: 'must be in the future' }]);
    expect(blank.extensions?.fields).toEqual([{ field: 'reason', message: 'cannot be empty' }]);
    expect(self.extensions?.fields).toEqual([{ field: 'userId', message: 'cannot be yourself' }]);
    expect((await app.db.user.findUniqueOrThrow({ where: { id: target.id } })).suspendedAt).toBeNull();
    (await me(target.accessToken)).expectData();
  });

  it('refuses STAFF targets (FORBIDDEN), unknown or deleted accounts (NOT_FOUND), and callers who are not STAFF (FORBIDDEN)', async () => {
    const otherStaff = await staff(app, schoolId);
    const plain = await member(app, schoolId);
    const victim = await member(app, schoolId);

    (await suspend({ userId: otherStaff.id, reason: '직원' })).expectError('FORBIDDEN');
    (await suspend({ userId: '00000000-0000-0000-0000-000000000000', reason: '없음' })).expectError('NOT_FOUND');
    (await suspend({ userId: victim.id, reason: '권한 없음' }, plain)).expectError('FORBIDDEN');
    (await exec(app, UNSUSPEND, { userId: victim.id }, { token: plain.accessToken })).expectError('FORBIDDEN');
    (await exec(app, SUSPEND, { input: { userId: victim.id, reason: '익명' } })).expectError('UNAUTHENTICATED');

    (await me(otherStaff.accessToken)).expectData();
    (await me(victim.accessToken)).expectData();
  });
});

describe('accounts that can never refresh', () => {
  it('a deleted account: refresh tokens from before the deletion answer UNAUTHENTICATED', async () => {
    const account = await signUp(app);
    const otherDevice = (await login(account)).expectData().login;

    (await exec(app, /* GraphQL */ `mutation D($p: String!) { deleteAccount(password: $p) }`, { p: account.password }, { token: account.accessToken })).expectData();

    for (const token of [account.refreshToken, otherDevice.refreshToken]) (await exec(app, REFRESH, { refreshToken: token })).expectError('UNAUTHENTICATED');
  });

  it('a deleted or suspended account whose session somehow survived (a sign-in racing the change): neither its access token nor its refresh token works', async () => {
    const deleted = await signUp(app);
    const suspended = await signUp(app);
    // Flip the flags behind the services' back, leaving the sessions live.
    await app.db.user.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    await app.db.user.update({ where: { id: suspended.id }, data: { suspendedAt: new Date(), suspendedUntil: null } });
    await new Promise((resolve) => setTimeout(resolve, 2100)); // past the session cache

    (await me(deleted.accessToken)).expectError('UNAUTHENTICATED');
    (await me(suspended.accessToken)).expectError('UNAUTHENTICATED');
    (await exec(app, REFRESH, { refreshToken: deleted.refreshToken })).expectError('UNAUTHENTICATED');
    (await exec(app, REFRESH, { refreshToken: suspended.refreshToken })).expectError('ACCOUNT_SUSPENDED');
    expect(await app.db.refreshToken.count({ where: { session: { userId: { in: [deleted.id, suspended.id] } }, parentId: { not: null } } })).toBe(0);
  });
});
