/**
 * The SQL budget (docs/architecture.md, performance rules): the statements a request sends depend on
 * the shape of the query, never on how many rows it returns.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';
import type { TestAccount } from '../../helpers/accounts';

const POST_TREE = `
  totalCount
  edges { node {
    id title likeCount commentCount scrapCount viewerHasLiked viewerHasScrapped authorDisplayName author { nickname }
    comments(first: 10) { edges { node {
      id content likeCount viewerHasLiked authorDisplayName author { nickname }
      replies(first: 10) { edges { node { id content authorDisplayName author { nickname } } } }
    } } }
  } }`;
const BOARD_PAGE = `query BoardPage($id: ID!, $first: Int!) { board(id: $id) { id name posts(first: $first) { ${POST_TREE} } } }`;
const FEED = `query Feed($schoolId: ID!) { boards(schoolId: $schoolId, first: 5) { edges { node { id posts(first: 20) { ${POST_TREE} } } } } }`;

let app: TestApp;
/** The same app without the fast path: the resolver path's own budget (selections the fast path does not cover). */
let resolverPath: TestApp;
let viewer: TestAccount;
let authors: string[];
let schoolId: string;
let boardIds: string[];

/** `posts` posts on a board, each with 3 comments by various users, 2 of them with 2 replies. */
async function seedBoard(boardId: string, authors: string[], posts: number): Promise<void> {
  const postRows = Array.from({ length: posts }, (_, i) => ({
    id: randomUUID(), boardId, authorId: authors[i % authors.length], title: `글 ${i}`, content: '본문', isAnonymous: i % 3 === 0, commentCount: 7,
  }));
  await app.db.post.createMany({ data: postRows });
  const start = Date.now() - 3_600_000;
  // Distinct times, so that "the first comment" (the one asserted to have replies) is fixed.
  const comments = postRows.flatMap((post, i) =>
    [0, 1, 2].map((j) => ({
      id: randomUUID(), postId: post.id, authorId: authors[(i + j + 1) % authors.length], content: `댓글 ${j}`,
      isAnonymous: j === 1, anonymousNumber: j === 1 ? 1 : null, createdAt: new Date(start + i * 10 + j),
    })),
  );
  await app.db.comment.createMany({ data: comments });
  const replies = comments.filter((_, k) => k % 3 !== 2).flatMap((parent, k) =>
    [0, 1].map((j) => ({ id: randomUUID(), postId: parent.postId, parentId: parent.id, authorId: authors[(k + j) % authors.length], content: `답글 ${j}`, createdAt: new Date(parent.createdAt.getTime() + 5 + j) })),
  );
  await app.db.comment.createMany({ data: replies });
  await app.db.postLike.createMany({ data: postRows.filter((p) => p.authorId !== authors[0]).slice(0, 10).map((p) => ({ postId: p.id, userId: authors[0] })) });
}

beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
  resolverPath = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }), { fastPath: false });
  const school = await createCommunitySchool(app.db);
  schoolId = school.id;
  viewer = await member(app, school.id);
  authors = [viewer.id, ...(await Promise.all([0, 1, 2, 3].map(() => member(app, school.id)))).map((m) => m.id)];
  boardIds = [];
  for (let i = 0; i < 6; i++) boardIds.push((await createBoard(app.db, { schoolId: school.id, name: `게시판 ${i}` })).id);
  await seedBoard(boardIds[0], authors, 100);
  for (const id of boardIds.slice(1)) await seedBoard(id, authors, 20);
}, 60_000);
afterAll(async () => {
  await resolverPath.stop();
  await app.stop();
});

describe('SQL statements per request', () => {
  it('answers a board page in one data statement after the session check (the fast path), for 20 posts as for 100', async () => {
    const twenty = await exec(app, BOARD_PAGE, { id: boardIds[0], first: 20 }, { token: viewer.accessToken });
    const hundred = await exec(app, BOARD_PAGE, { id: boardIds[0], first: 100 }, { token: viewer.accessToken });

    const posts = hundred.expectData().board.posts;
    expect(twenty.expectData().board.posts.edges).toHaveLength(20);
    expect(posts.edges).toHaveLength(100);
    expect(posts.edges[0].node.comments.edges).toHaveLength(3);
    expect(posts.edges[0].node.comments.edges[0].node.replies.edges).toHaveLength(2);
    expect(twenty.sqlStatements).toBe(2);
    expect(hundred.sqlStatements).toBe(twenty.sqlStatements);
  });

  it('answers a board page on the resolver path in 6 statements (session, board, posts with authors and the viewer\'s flags, their count, comments, replies: each with authors and likes), for 20 posts as for 100', async () => {
    const twenty = await exec(resolverPath, BOARD_PAGE, { id: boardIds[0], first: 20 }, { token: viewer.accessToken });
    const hundred = await exec(resolverPath, BOARD_PAGE, { id: boardIds[0], first: 100 }, { token: viewer.accessToken });

    expect(hundred.expectData().board.posts.edges).toHaveLength(100);
    expect(twenty.sqlStatements).toBe(6);
    expect(hundred.sqlStatements).toBe(twenty.sqlStatements);
  });

  it('answers five boards with their first 20 posts each in no more statements than one board', async () => {
    const one = await exec(app, BOARD_PAGE, { id: boardIds[1], first: 20 }, { token: viewer.accessToken });
    const feed = await exec(app, FEED, { schoolId }, { token: viewer.accessToken });

    const boards = feed.expectData().boards.edges;
    expect(boards).toHaveLength(5);
    expect(boards.every((b: { node: { posts: { edges: unknown[] } } }) => b.node.posts.edges.length === 20)).toBe(true);
    expect(feed.sqlStatements).toBeLessThanOrEqual(one.sqlStatements!);
    const slowOne = await exec(resolverPath, BOARD_PAGE, { id: boardIds[1], first: 20 }, { token: viewer.accessToken });
    const slowFeed = await exec(resolverPath, FEED, { schoolId }, { token: viewer.accessToken });
    expect(slowFeed.sqlStatements).toBeLessThanOrEqual(slowOne.sqlStatements!);
  });

  it('keeps aliases with different page sizes apart (a loader key includes the arguments)', async () => {
    const result = await exec(
      app,
      'query($id: ID!) { board(id: $id) { small: posts(first: 2) { edges { node { id } } } large: posts(first: 5) { edges { node { id } } } } }',
      { id: boardIds[0] },
      { token: viewer.accessToken },
    );

    const board = result.expectData().board;
    expect([board.small.edges.length, board.large.edges.length]).toEqual([2, 5]);
    expect(board.large.edges.slice(0, 2)).toEqual(board.small.edges);
  });

  it('answers the viewer\'s flags and the authors from the page rows, as the single-object paths do', async () => {
    // A board of its own: the viewer likes and scraps the second post, likes a comment and a reply on it.
    const boardId = (await createBoard(app.db, { schoolId, name: '플래그' })).id;
    await seedBoard(boardId, authors, 3);
    await app.db.postLike.deleteMany({ where: { post: { boardId } } });
    const posts = await app.db.post.findMany({ where: { boardId }, orderBy: { createdAt: 'desc' } });
    const liked = posts.find((p) => p.authorId !== viewer.id && !p.isAnonymous)!;
    const comment = await app.db.comment.findFirstOrThrow({ where: { postId: liked.id, parentId: null, replies: { some: {} } }, orderBy: { createdAt: 'asc' } });
    const reply = await app.db.comment.findFirstOrThrow({ where: { parentId: comment.id }, orderBy: { createdAt: 'asc' } });
    await app.db.postLike.create({ data: { postId: liked.id, userId: viewer.id } });
    await app.db.postScrap.create({ data: { postId: liked.id, userId: viewer.id } });
    await app.db.commentLike.createMany({ data: [comment.id, reply.id].map((commentId) => ({ commentId, userId: viewer.id })) });

    const query = `query($id: ID!) { board(id: $id) { posts(first: 10) { edges { node {
      id viewerHasLiked viewerHasScrapped authorDisplayName author { id nickname }
      comments(first: 10) { edges { node { id viewerHasLiked authorDisplayName author { id }
        replies(first: 10) { edges { node { id viewerHasLiked authorDisplayName author { id } } } } } } }
    } } } } }`;
    const single = `query($id: ID!) { post(id: $id) { id viewerHasLiked viewerHasScrapped authorDisplayName author { id nickname } } }`;
    const other = await member(app, schoolId);
    for (const account of [viewer, other]) {
      const edges = (await exec(app, query, { id: boardId }, { token: account.accessToken })).expectData().board.posts.edges;
      const own = account === viewer;
      for (const { node } of edges) {
        const isLiked = own && node.id === liked.id;
        expect(node).toMatchObject({ viewerHasLiked: isLiked, viewerHasScrapped: isLiked });
        const alone = (await exec(app, single, { id: node.id }, { token: account.accessToken })).expectData().post;
        expect(node).toMatchObject(alone);
        for (const { node: c } of node.comments.edges) {
          expect(c.viewerHasLiked).toBe(own && c.id === comment.id);
          if (c.author) expect(c.author.id).toBe((await app.db.comment.findUniqueOrThrow({ where: { id: c.id } })).authorId);
          for (const { node: r } of c.replies.edges) expect(r.viewerHasLiked).toBe(own && r.id === reply.id);
        }
      }
    }
  });
});
