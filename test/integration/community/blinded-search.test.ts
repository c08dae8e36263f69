/**
 * posts(search) and blinded posts: the hidden body of a blinded post must not be searchable
 * by those who cannot read it, or substring probes would rebuild it one character at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const CREATE_POST = 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }';
const POSTS = `query Posts($boardId: ID!, $search: String) {
  posts(boardId: $boardId, search: $search) { totalCount edges { node { id title content isBlinded } } }
}`;
const BOARD_POSTS = `query Board($id: ID!, $search: String) {
  board(id: $id) { posts(search: $search) { totalCount edges { node { id } } } }
}`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

describe('posts(search) on a blinded post', () => {
  it('matches its content for STAFF only, its title for every member, and counts the same way', async () => {
    const school = await createCommunitySchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id });
    const [author, reader] = await Promise.all([member(app, school.id), member(app, school.id)]);
    const moderator = await staff(app);
    const create = async (title: string, content: string) =>
      (await exec(app, CREATE_POST, { input: { boardId: board.id, title, content, isAnonymous: false } }, { token: author.accessToken })).expectData().createPost.id as string;
    const blinded = await create('가려진 글', '비밀번호는 swordfish');
    const visible = await create('보이는 글', '평범한 swordfish 이야기');
    await app.db.post.update({ where: { id: blinded }, data: { blindedAt: new Date(), reportCount: 5 } });

    const search = async (token: string, text: string) => (await exec(app, POSTS, { boardId: board.id, search: text }, { token })).expectData().posts;
    const byReader = await search(reader.accessToken, 'swordfish');
    const byAuthor = await search(author.accessToken, '비밀번호');
    const byStaff = await search(moderator.accessToken, 'swordfish');
    const titleByReader = await search(reader.accessToken, '가려진');
    const nested = (await exec(app, BOARD_POSTS, { id: board.id, search: 'swordfish' }, { token: reader.accessToken })).expectData().board.posts;

    expect(byReader.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([visible]);
    expect(byReader.totalCount).toBe(1);
    expect(byAuthor).toEqual({ totalCount: 0, edges: [] });
    expect(byStaff.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([blinded, visible].sort());
    expect(byStaff.totalCount).toBe(2);
    expect(titleByReader.edges).toEqual([{ node: { id: blinded, title: '가려진 글', content: null, isBlinded: true } }]);
    expect(nested).toEqual({ totalCount: 1, edges: [{ node: { id: visible } }] });
  });
});
