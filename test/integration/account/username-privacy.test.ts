/**
 * The username is a sign-in handle: only the account itself sees it. Everyone else sees the
 * nickname, which never defaults to the username.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, ME } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

const CREATE_POST = 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }';
const POST = 'query Q($id: ID!) { post(id: $id) { authorDisplayName author { id username nickname } } }';

describe('User.username', () => {
  it('resolves for the account itself (me, sign-in payload, its own posts) and is null for other members and STAFF', async () => {
    const school = await createCommunitySchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id });
    const [author, reader] = await Promise.all([member(app, school.id), member(app, school.id)]);
    const moderator = await staff(app);
    const postId = (await exec(app, CREATE_POST, { input: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: author.accessToken })).expectData().createPost.id;

    const asAuthor = (await exec(app, POST, { id: postId }, { token: author.accessToken })).expectData().post;
    const asReader = (await exec(app, POST, { id: postId }, { token: reader.accessToken })).expectData().post;
    const asStaff = (await exec(app, POST, { id: postId }, { token: moderator.accessToken })).expectData().post;
    const own = (await exec(app, ME, {}, { token: author.accessToken })).expectData().me;
    const signedIn = (await exec(app, LOGIN, { input: { login: author.username, password: author.password } })).expectData().login.user;

    expect(asAuthor.author).toEqual({ id: author.id, username: author.username, nickname: author.nickname });
    expect(asReader).toEqual({ authorDisplayName: author.nickname, author: { id: author.id, username: null, nickname: author.nickname } });
    expect(asStaff.author.username).toBeNull();
    expect(own.username).toBe(author.username);
    expect(signedIn.username).toBe(author.username);
    expect(JSON.stringify(asReader)).not.toContain(author.username);
  });
});
