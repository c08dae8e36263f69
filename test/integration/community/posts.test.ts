import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const POST_FIELDS = 'id title content isAnonymous likeCount commentCount scrapCount authorDisplayName author { id } viewerHasLiked viewerHasScrapped viewerCanEdit board { id }';
const CREATE = `mutation Create($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`;
const POST = `query Post($id: ID!) { post(id: $id) { ${POST_FIELDS} } }`;
const POSTS = `query Posts($boardId: ID!, $search: String, $orderBy: PostOrder, $first: Int, $after: String) {
  posts(boardId: $boardId, search: $search, orderBy: $orderBy, first: $first, after: $after) {
    edges { cursor node { id title likeCount commentCount } } pageInfo { hasNextPage endCursor } totalCount
  }
}`;
const UPDATE = 'mutation Update($id: ID!, $input: UpdatePostInput!) { updatePost(id: $id, input: $input) { id title content } }';
const DELETE = 'mutation Delete($id: ID!) { deletePost(id: $id) }';
const LIKE = 'mutation Like($id: ID!) { likePost(id: $id) { id likeCount viewerHasLiked } }';
const UNLIKE = 'mutation Unlike($id: ID!) { unlikePost(id: $id) { id likeCount viewerHasLiked } }';
const SCRAP = 'mutation Scrap($id: ID!) { scrapPost(id: $id) { id scrapCount viewerHasScrapped } }';
const UNSCRAP = 'mutation Unscrap($id: ID!) { unscrapPost(id: $id) { id scrapCount viewerHasScrapped } }';
const MY_SCRAPS = 'query { myScraps(first: 10) { edges { node { id } } totalCount } }';
const HOT = 'query Hot($schoolId: ID!) { hotPosts(schoolId: $schoolId) { id likeCount } }';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0', POST_TITLE_MAX_LENGTH: '20', HOT_POST_MIN_LIKES: '2' }));
});
afterAll(() => app.stop());

async function setting() {
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const author = await member(app, school.id);
  return { school, board, author };
}

async function createPost(token: string, input: Record<string, unknown>) {
  return (await exec(app, CREATE, { input: { content: '내용입니다', isAnonymous: false, ...input } }, { token })).expectData().createPost;
}

describe('createPost and post', () => {
  it('lets a member of the school post and read it', async () => {
    const { board, author } = await setting();

    const created = await createPost(author.accessToken, { boardId: board.id, title: '  첫 글  ' });
    const read = (await exec(app, POST, { id: created.id }, { token: author.accessToken })).expectData().post;

    expect(read).toMatchObject({ title: '첫 글', content: '내용입니다', likeCount: 0, commentCount: 0, author: { id: author.id }, viewerCanEdit: true, board: { id: board.id } });
    expect(read.authorDisplayName).toBe(author.nickname);
    expect(read.authorDisplayName).not.toBe(author.username);
  });

  it('hides an anonymous author from other members but not from the author or STAFF', async () => {
    const { school, board, author } = await setting();
    const reader = await member(app, school.id);
    const moderator = await staff(app);
    const post = await createPost(author.accessToken, { boardId: board.id, title: '익명 글', isAnonymous: true });

    const asReader = (await exec(app, POST, { id: post.id }, { token: reader.accessToken })).expectData().post;
    const asAuthor = (await exec(app, POST, { id: post.id }, { token: author.accessToken })).expectData().post;
    const asStaff = (await exec(app, POST, { id: post.id }, { token: moderator.accessToken })).expectData().post;

    expect([asReader.author, asReader.authorDisplayName, asReader.viewerCanEdit]).toEqual([null, '익명', false]);
    expect(asAuthor.author).toEqual({ id: author.id });
    expect(asStaff.author).toEqual({ id: author.id });
    expect(asStaff.authorDisplayName).toBe('익명');
  });

  it('answers NOT_FOUND to members of other schools and to users without a school, like an unknown id', async () => {
    const { board, author } = await setting();
    const post = await createPost(author.accessToken, { boardId: board.id, title: '우리끼리' });
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);
    const noSchool = await signUp(app);

    const foreign = await exec(app, POST, { id: post.id }, { token: outsider.accessToken });
    const homeless = await exec(app, POST, { id: post.id }, { token: noSchool.accessToken });
    const unknown = await exec(app, POST, { id: 'no-such-post' }, { token: outsider.accessToken });
    const write = await exec(app, CREATE, { input: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: outsider.accessToken });

    expect(foreign.errors).toEqual(unknown.errors);
    expect(homeless.errors).toEqual(unknown.errors);
    expect(foreign.expectError('NOT_FOUND').message).toBe('Post not found');
    write.expectError('NOT_FOUND');
  });

  it('rejects empty and oversized fields naming each, writing nothing', async () => {
    const { board, author } = await setting();

    const result = await exec(app, CREATE, { input: { boardId: board.id, title: 'x'.repeat(21), content: '   ', isAnonymous: false } }, { token: author.accessToken });

    expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'title', message: 'must be at most 20 characters' },
      { field: 'content', message: 'cannot be empty' },
    ]);
    expect(await app.db.post.count({ where: { boardId: board.id } })).toBe(0);
  });

  it('requires a signed-in caller', async () => {
    const { board } = await setting();

    (await exec(app, POSTS, { boardId: board.id })).expectError('UNAUTHENTICATED');
  });
});

describe('updatePost and deletePost', () => {
  it('lets the author edit and delete, STAFF too, other members get FORBIDDEN', async () => {
    const { school, board, author } = await setting();
    const other = await member(app, school.id);
    const moderator = await staff(app);
    const post = await createPost(author.accessToken, { boardId: board.id, title: '원래 제목' });

    const forbidden = await exec(app, UPDATE, { id: post.id, input: { title: '바꿈' } }, { token: other.accessToken });
    const edited = (await exec(app, UPDATE, { id: post.id, input: { title: '새 제목' } }, { token: author.accessToken })).expectData();
    const forbiddenDelete = await exec(app, DELETE, { id: post.id }, { token: other.accessToken });
    (await exec(app, DELETE, { id: post.id }, { token: moderator.accessToken })).expectData();

    forbidden.expectError('FORBIDDEN');
    forbiddenDelete.expectError('FORBIDDEN');
    expect(edited.updatePost).toMatchObject({ title: '새 제목', content: '내용입니다' });
    (await exec(app, POST, { id: post.id }, { token: author.accessToken })).expectError('NOT_FOUND');
    expect((await app.db.post.findUniqueOrThrow({ where: { id: post.id } })).deletedAt).not.toBeNull();
  });
});

describe('posts', () => {
  it('pages through a board newest first with stable cursors and a lazy total', async () => {
    const { board, author } = await setting();
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createPost(author.accessToken, { boardId: board.id, title: `글 ${i}` }));

    const first = (await exec(app, POSTS, { boardId: board.id, first: 2 }, { token: author.accessToken })).expectData().posts;
    const second = (await exec(app, POSTS, { boardId: board.id, first: 2, after: first.pageInfo.endCursor }, { token: author.accessToken })).expectData().posts;
    const last = (await exec(app, POSTS, { boardId: board.id, first: 2, after: second.pageInfo.endCursor }, { token: author.accessToken })).expectData().posts;

    const ids = [...first.edges, ...second.edges, ...last.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual(created.map((p) => p.id).reverse());
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage, last.pageInfo.hasNextPage]).toEqual([true, true, false]);
    expect(first.totalCount).toBe(5);
  });

  it('orders by likes with ties broken stably', async () => {
    const { school, board, author } = await setting();
    const fans = await Promise.all([0, 1].map(() => member(app, school.id)));
    const [a, b, c] = [await createPost(author.accessToken, { boardId: board.id, title: 'a' }), await createPost(author.accessToken, { boardId: board.id, title: 'b' }), await createPost(author.accessToken, { boardId: board.id, title: 'c' })];
    for (const fan of fans) await exec(app, LIKE, { id: b.id }, { token: fan.accessToken });
    await exec(app, LIKE, { id: c.id }, { token: fans[0].accessToken });

    const data = (await exec(app, POSTS, { boardId: board.id, orderBy: { field: 'LIKE_COUNT', direction: 'DESC' } }, { token: author.accessToken })).expectData();
    const asc = (await exec(app, POSTS, { boardId: board.id, first: 1, orderBy: { field: 'LIKE_COUNT', direction: 'ASC' } }, { token: author.accessToken })).expectData();
    const ascNext = (await exec(app, POSTS, { boardId: board.id, first: 5, after: asc.posts.pageInfo.endCursor, orderBy: { field: 'LIKE_COUNT', direction: 'ASC' } }, { token: author.accessToken })).expectData();

    expect(data.posts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([b.id, c.id, a.id]);
    expect([...asc.posts.edges, ...ascNext.posts.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual([a.id, c.id, b.id]);
  });

  it('finds Korean substrings in titles and content, treating % and _ literally', async () => {
    const { board, author } = await setting();
    const study = await createPost(author.accessToken, { boardId: board.id, title: '파이썬 스터디 모집' });
    const inBody = await createPost(author.accessToken, { boardId: board.id, title: '공지', content: '이번 주 파이썬 과제' });
    await createPost(author.accessToken, { boardId: board.id, title: '자바 스터디' });
    await createPost(author.accessToken, { boardId: board.id, title: '100% 할인' });

    const found = (await exec(app, POSTS, { boardId: board.id, search: '파이썬' }, { token: author.accessToken })).expectData().posts;
    const percent = (await exec(app, POSTS, { boardId: board.id, search: '%' }, { token: author.accessToken })).expectData().posts;

    expect(found.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([study.id, inBody.id].sort());
    expect(found.totalCount).toBe(2);
    expect(percent.totalCount).toBe(1);
  });

  it('rejects a page size outside 1-100 and a forged cursor', async () => {
    const { board, author } = await setting();

    for (const first of [0, 101]) (await exec(app, POSTS, { boardId: board.id, first }, { token: author.accessToken })).expectError('BAD_USER_INPUT');
    const forged = await exec(app, POSTS, { boardId: board.id, after: 'bm90LWEtY3Vyc29y' }, { token: author.accessToken });

    expect(forged.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
  });
});

describe('likes and scraps', () => {
  it('counts 20 concurrent likes by one user once, and unlike is idempotent', async () => {
    const { school, board, author } = await setting();
    const fan = await member(app, school.id);
    const post = await createPost(author.accessToken, { boardId: board.id, title: '좋아요' });

    const results = await Promise.all(Array.from({ length: 20 }, () => exec(app, LIKE, { id: post.id }, { token: fan.accessToken })));

    expect(results.every((r) => !r.errors)).toBe(true);
    expect(await app.db.postLike.count({ where: { postId: post.id } })).toBe(1);
    expect((await exec(app, POST, { id: post.id }, { token: fan.accessToken })).expectData().post).toMatchObject({ likeCount: 1, viewerHasLiked: true });
    await exec(app, UNLIKE, { id: post.id }, { token: fan.accessToken });
    const again = (await exec(app, UNLIKE, { id: post.id }, { token: fan.accessToken })).expectData();
    expect(again.unlikePost).toMatchObject({ likeCount: 0, viewerHasLiked: false });
  });

  it('counts concurrent likes of many users without losing one', async () => {
    const { school, board, author } = await setting();
    const fans = await Promise.all(Array.from({ length: 8 }, () => member(app, school.id)));
    const post = await createPost(author.accessToken, { boardId: board.id, title: '인기글' });

    await Promise.all(fans.map((fan) => exec(app, LIKE, { id: post.id }, { token: fan.accessToken })));

    expect((await app.db.post.findUniqueOrThrow({ where: { id: post.id } })).likeCount).toBe(8);
  });

  it('refuses liking one\'s own post', async () => {
    const { board, author } = await setting();
    const post = await createPost(author.accessToken, { boardId: board.id, title: '내 글' });

    const result = await exec(app, LIKE, { id: post.id }, { token: author.accessToken });

    expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'id', message: 'you cannot like your own post' }]);
  });

  it('scraps idempotently and lists the viewer\'s scraps', async () => {
    const { board, author } = await setting();
    const post = await createPost(author.accessToken, { boardId: board.id, title: '스크랩' });

    await exec(app, SCRAP, { id: post.id }, { token: author.accessToken });
    const twice = (await exec(app, SCRAP, { id: post.id }, { token: author.accessToken })).expectData();
    const mine = (await exec(app, MY_SCRAPS, {}, { token: author.accessToken })).expectData();
    const undone = (await exec(app, UNSCRAP, { id: post.id }, { token: author.accessToken })).expectData();

    expect(twice.scrapPost).toMatchObject({ scrapCount: 1, viewerHasScrapped: true });
    expect(mine.myScraps).toEqual({ edges: [{ node: { id: post.id } }], totalCount: 1 });
    expect(undone.unscrapPost).toMatchObject({ scrapCount: 0, viewerHasScrapped: false });
  });
});

describe('hotPosts', () => {
  it('lists recent posts with enough likes, most liked first, for members only', async () => {
    const { school, board, author } = await setting();
    const fans = await Promise.all(Array.from({ length: 3 }, () => member(app, school.id)));
    const hot = await createPost(author.accessToken, { boardId: board.id, title: 'hot' });
    const warm = await createPost(author.accessToken, { boardId: board.id, title: 'warm' });
    await createPost(author.accessToken, { boardId: board.id, title: 'cold' });
    for (const fan of fans) await exec(app, LIKE, { id: hot.id }, { token: fan.accessToken });
    for (const fan of fans.slice(0, 2)) await exec(app, LIKE, { id: warm.id }, { token: fan.accessToken });
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);

    const data = (await exec(app, HOT, { schoolId: school.id }, { token: author.accessToken })).expectData();

    expect(data.hotPosts).toEqual([{ id: hot.id, likeCount: 3 }, { id: warm.id, likeCount: 2 }]);
    (await exec(app, HOT, { schoolId: school.id }, { token: outsider.accessToken })).expectError('NOT_FOUND');
  });
});
