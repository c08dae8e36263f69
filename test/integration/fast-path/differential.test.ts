/**
 * The fast path (src/fast-path) against the resolver path: the same documents, the same
 * viewers, the same database, two apps (one with the fast path off). Every response must be
 * identical — data and errors — and the covered documents must take the fast path (one data
 * statement after the session check).
 *
 * The fixture holds every case the community's rules treat apart: anonymous posts and
 * comments (익명, 익명N, 글쓴이), a post author commenting under their own name, blinded posts
 * and comments (null content except for STAFF), deleted posts (not listed), deleted comments
 * with a live reply (tombstones) and without (not listed), deleted replies, a deleted
 * author's account, the viewer's likes and scraps, equal timestamps (the id breaks the tie).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec, type Result } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const USER = 'id nickname isDeleted role admissionYear createdAt __typename';
const COMMENT = `id content isDeleted isBlinded isAnonymous likeCount createdAt viewerHasLiked viewerCanDelete authorDisplayName author { ${USER} } __typename`;
const POST = `id title content isBlinded isAnonymous likeCount commentCount scrapCount createdAt updatedAt viewerHasLiked viewerHasScrapped viewerCanEdit authorDisplayName author { ${USER} } __typename`;
const TREE = `
  totalCount __typename
  pageInfo { hasNextPage endCursor __typename }
  edges { cursor __typename node {
    ${POST}
    comments(first: $comments) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      ${COMMENT}
      replies(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${COMMENT} } } }
    } } }
  } }`;
const BOARD_PAGE = `query Page($id: ID!, $first: Int, $after: String, $order: PostOrder, $comments: Int = 5) {
  __typename
  board(id: $id) { id name category description createdAt __typename posts(first: $first, after: $after, orderBy: $order) { ${TREE} } }
}`;
const FEED = `query Feed($schoolId: ID!, $first: Int, $after: String, $comments: Int = 3) {
  boards(schoolId: $schoolId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name posts(first: 4) { ${TREE} } } }
  }
}`;
/** A reply's replies: always an empty page (one level deep). */
const REPLIES_OF_REPLIES = `query Replies($id: ID!) { board(id: $id) { posts(first: 3) { edges { node { comments { edges { node {
  id replies { totalCount edges { node { id replies { totalCount pageInfo { hasNextPage endCursor } } } } } } } } } } } } }`;
const FRAGMENTS = `
  fragment Who on User { nickname }
  fragment CommentBits on Comment { id authorDisplayName author { ...Who } }
  fragment PostBits on Post { id title ... on Post { likeCount } author { ...Who } }
  query Fragments($id: ID!) {
    board(id: $id) {
      newest: posts(first: 2) { edges { node { ...PostBits comments(first: 3) { edges { node { ...CommentBits } } } } } }
      popular: posts(first: 3, orderBy: { field: LIKE_COUNT }) { edges { cursor node { ...PostBits title } } }
      ... on Board { name }
    }
  }`;

let fast: TestApp;
let slow: TestApp;
let schoolId: string;
let boardIds: string[];
let viewers: Record<string, TestAccount>;

function bodyOf(result: Result) {
  return { data: result.data, errors: result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) };
}

/** Runs `query` on both apps; expects equal responses; returns the fast one with its statement count. */
async function both(query: string, variables: Record<string, unknown>, token: string) {
  const [a, b] = [await exec(fast, query, variables, { token }), await exec(slow, query, variables, { token })];
  expect(bodyOf(a)).toEqual(bodyOf(b));
  return a;
}

beforeAll(async () => {
  const config = testConfig({ AUTH_SESSION_CACHE_MS: '0' });
  fast = await createTestApp(config);
  slow = await createTestApp(config, { fastPath: false });
  const school = await createCommunitySchool(fast.db);
  schoolId = school.id;
  const accounts = await Promise.all([0, 1, 2, 3].map(() => member(fast, school.id)));
  const other = await member(fast, (await createCommunitySchool(fast.db)).id);
  viewers = { reader: accounts[0], author: accounts[1], staff: await staff(fast, school.id), outsider: other };
  const [reader, writer, third, gone] = accounts.map((a) => a.id);
  boardIds = [];
  for (const name of ['가 게시판', '나 게시판', '다 게시판']) boardIds.push((await createBoard(fast.db, { schoolId, name, description: name === '나 게시판' ? '설명' : null })).id);
  await createBoard(fast.db, { schoolId, name: '지워진 게시판', deletedAt: new Date() });

  const base = Date.UTC(2026, 0, 1);
  const at = (minutes: number, micro = 0) => new Date(base + minutes * 60_000 + micro);
  const posts = Array.from({ length: 9 }, (_, i) => ({
    id: randomUUID(),
    boardId: boardIds[i % 2],
    authorId: [writer, third, gone, reader][i % 4],
    title: `글 ${i}`,
    content: `본문 ${i}`,
    isAnonymous: i % 3 === 0,
    likeCount: [3, 0, 1, 3, 2, 0, 5, 1, 3][i],
    commentCount: i,
    scrapCount: i % 2,
    // Posts 3 and 4 share a timestamp: the id breaks the tie.
    createdAt: i === 4 ? at(3) : at(i),
    blindedAt: i === 2 ? new Date() : null,
    deletedAt: i === 7 ? new Date() : null,
  }));
  await fast.db.post.createMany({ data: posts });
  const first = posts[0];
  const comment = (n: number, data: { authorId: string; parentId?: string; isAnonymous?: boolean; anonymousNumber?: number | null; deleted?: boolean; blinded?: boolean; postId?: string }) => ({
    id: randomUUID(), postId: data.postId ?? first.id, parentId: data.parentId ?? null, authorId: data.authorId, content: `댓글 ${n}`,
    isAnonymous: data.isAnonymous ?? false, anonymousNumber: data.anonymousNumber ?? null, likeCount: n % 3, createdAt: at(100 + n),
    deletedAt: data.deleted ? new Date() : null, blindedAt: data.blinded ? new Date() : null,
  });
  const top = [
    comment(0, { authorId: reader, isAnonymous: true, anonymousNumber: 1 }),
    comment(1, { authorId: writer, isAnonymous: true }), // the post's author: 글쓴이
    comment(2, { authorId: third, deleted: true }), // a tombstone (it has a live reply)
    comment(3, { authorId: third, deleted: true }), // gone (no live reply)
    comment(4, { authorId: gone }),
    comment(5, { authorId: third, blinded: true, isAnonymous: true, anonymousNumber: 2 }),
    comment(6, { authorId: writer }),
  ];
  const replies = [
    comment(10, { authorId: writer, parentId: top[0].id, isAnonymous: true }),
    comment(11, { authorId: third, parentId: top[0].id, deleted: true }),
    comment(12, { authorId: reader, parentId: top[2].id, isAnonymous: true, anonymousNumber: 1 }),
    comment(13, { authorId: third, parentId: top[3].id, deleted: true }),
    comment(14, { authorId: gone, parentId: top[4].id, blinded: true }),
    comment(15, { authorId: third, parentId: top[0].id }),
  ];
  await fast.db.comment.createMany({ data: [...top, ...replies, comment(20, { authorId: reader, postId: posts[1].id }), comment(21, { authorId: third, postId: posts[3].id, isAnonymous: true, anonymousNumber: 1 })] });
  await fast.db.postLike.createMany({ data: [{ postId: first.id, userId: reader }, { postId: posts[1].id, userId: reader }] });
  await fast.db.postScrap.createMany({ data: [{ postId: first.id, userId: reader }] });
  await fast.db.commentLike.createMany({ data: [{ commentId: top[4].id, userId: reader }, { commentId: replies[0].id, userId: reader }] });
  await fast.db.user.update({ where: { id: gone }, data: { deletedAt: new Date(), nickname: '(deleted user)' } });
});

afterAll(async () => {
  await slow?.stop();
  await fast?.stop();
});

describe('the fast path answers as the resolver path does', () => {
  it('covers a board page: one data statement after the session check, the same response for every viewer', async () => {
    for (const who of ['reader', 'author', 'staff'] as const) {
      const result = await both(BOARD_PAGE, { id: boardIds[0], first: 6 }, viewers[who].accessToken);
      expect(result.expectData().board.posts.edges.length).toBeGreaterThan(3);
      expect(result.sqlStatements).toBe(2);
    }
  });

  it('pages through posts in every order, and through comments, with the cursors it issues', async () => {
    const orders = [undefined, { field: 'CREATED_AT', direction: 'ASC' }, { field: 'LIKE_COUNT', direction: 'DESC' }, { field: 'LIKE_COUNT', direction: 'ASC' }, { field: 'COMMENT_COUNT' }];
    for (const order of orders) {
      let after: string | null = null;
      let pages = 0;
      do {
        const result = await both(BOARD_PAGE, { id: boardIds[0], first: 2, after, order, comments: 2 }, viewers.reader.accessToken);
        const page: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } = result.expectData().board.posts;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after && pages < 10);
      expect(pages).toBeGreaterThan(1);
    }
  });

  it('covers a feed of boards, paged by name, and fragments, aliases and __typename', async () => {
    const one = await both(FEED, { schoolId, first: 2 }, viewers.reader.accessToken);
    const page = one.expectData().boards;
    expect(page.edges).toHaveLength(2);
    await both(FEED, { schoolId, first: 2, after: page.pageInfo.endCursor }, viewers.reader.accessToken);
    await both(FEED, { schoolId }, viewers.staff.accessToken);
    const fragments = await both(FRAGMENTS, { id: boardIds[0] }, viewers.author.accessToken);
    expect((await both(REPLIES_OF_REPLIES, { id: boardIds[0] }, viewers.reader.accessToken)).sqlStatements).toBe(2);
    expect(fragments.sqlStatements).toBe(2);
    expect(one.sqlStatements).toBe(2);
  });

  it('leaves errors and what it does not cover to the resolver path, with the same answers', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [BOARD_PAGE, { id: boardIds[0] }, viewers.outsider.accessToken],
      [BOARD_PAGE, { id: randomUUID() }, viewers.reader.accessToken],
      [BOARD_PAGE, { id: boardIds[0], after: 'bm90IGEgY3Vyc29y' }, viewers.reader.accessToken],
      [BOARD_PAGE, { id: boardIds[0], after: Buffer.from('["-271821-04-20T00:00:00.000Z","x"]').toString('base64url') }, viewers.reader.accessToken],
      [BOARD_PAGE, { id: boardIds[0], first: 0 }, viewers.reader.accessToken],
      [BOARD_PAGE, { id: boardIds[0], first: 101 }, viewers.reader.accessToken],
      [FEED, { schoolId: randomUUID() }, viewers.staff.accessToken],
      [FEED, { schoolId }, viewers.outsider.accessToken],
      ['query($id: ID!) { board(id: $id) { id isFavorite posts { edges { node { id images { id } } } } } }', { id: boardIds[0] }, viewers.reader.accessToken],
      ['query($id: ID!, $s: String) { board(id: $id) { posts(search: $s) { edges { node { id title } } } } }', { id: boardIds[0], s: '글' }, viewers.reader.accessToken],
    ];
    for (const [query, variables, token] of cases) await both(query, variables, token);
  });
});

const TASK = 'id title detail done doneAt dueDate dueAt dueHasTime createdAt updatedAt __typename';
const PROJECTS = `query Projects($first: Int, $after: String, $filter: ProjectFilter, $order: ProjectOrder, $tasks: Int, $taskOrder: TaskOrder, $taskAfter: String) {
  projects(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name description isArchived createdAt updatedAt taskCount doneTaskCount __typename
      tasks(first: $tasks, orderBy: $taskOrder, after: $taskAfter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${TASK} } } }
    } }
  }
}`;

describe('the fast path answers projects with tasks as the resolver path does', () => {
  let owner: TestAccount;

  beforeAll(async () => {
    owner = viewers.author;
    const stranger = viewers.reader;
    const base = Date.UTC(2026, 5, 1);
    const projects = Array.from({ length: 5 }, (_, i) => ({
      id: randomUUID(), ownerId: i === 4 ? stranger.id : owner.id, name: ['Beta', 'alpha', 'Gamma', 'delta', 'theirs'][i],
      description: i % 2 ? `설명 ${i}` : null, isArchived: i === 3, createdAt: new Date(base + (i === 2 ? 0 : i) * 3_600_000), updatedAt: new Date(base + (5 - i) * 3_600_000),
    }));
    await fast.db.project.createMany({ data: projects });
    const tasks = projects.flatMap((project, p) =>
      Array.from({ length: 7 }, (_, i) => ({
        id: randomUUID(), projectId: project.id, title: `${['b', 'A', 'c'][i % 3]} task ${i}`, detail: i % 2 ? '내용' : null,
        done: i % 3 === 0, doneAt: i % 3 === 0 ? new Date(base + i * 60_000) : null,
        dueAt: i % 3 === 1 ? null : new Date(Date.UTC(2026, 6, 1 + (i % 4)) + (i % 3 === 2 ? 37_000_123 : 0)), dueHasTime: i % 3 === 2,
        createdAt: new Date(base + p * 1000 + (i === 5 ? 4 : i) * 60_000), updatedAt: new Date(base + i * 120_000),
      })),
    );
    await fast.db.task.createMany({ data: tasks });
  });

  it('covers the projects page in one data statement, in every order, paged', async () => {
    const first = await both(PROJECTS, { tasks: 3 }, owner.accessToken);
    expect(first.sqlStatements).toBe(2);
    expect(first.expectData().projects.edges.length).toBe(3);
    await both(PROJECTS, { filter: { isArchived: true } }, owner.accessToken);
    for (const order of [{ field: 'NAME' }, { field: 'NAME', direction: 'DESC' }, { field: 'UPDATED_AT' }, { field: 'CREATED_AT', direction: 'ASC' }]) {
      let after: string | null = null;
      let pages = 0;
      do {
        const page: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (await both(PROJECTS, { first: 1, after, order, tasks: 2 }, owner.accessToken)).expectData().projects;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after && pages < 10);
      expect(pages).toBe(3);
    }
  });

  it('pages through a project\'s tasks in every order with the cursors it issues', async () => {
    for (const taskOrder of [undefined, { field: 'DUE_DATE', direction: 'DESC' }, { field: 'TITLE' }, { field: 'CREATED_AT' }, { field: 'CREATED_AT', direction: 'ASC' }]) {
      let taskAfter: string | null = null;
      let pages = 0;
      do {
        const result = await both(PROJECTS, { first: 1, order: { field: 'NAME' }, tasks: 2, taskOrder, taskAfter }, owner.accessToken);
        const tasks: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } = result.expectData().projects.edges[0].node.tasks;
        expect(result.sqlStatements).toBe(2);
        taskAfter = tasks.pageInfo.hasNextPage ? tasks.pageInfo.endCursor : null;
        pages++;
      } while (taskAfter && pages < 10);
      expect(pages).toBe(4);
    }
  });

  it('leaves what it does not cover, and errors, to the resolver path', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      [PROJECTS, { filter: { search: 'a' } }],
      [PROJECTS, { first: 0 }],
      [PROJECTS, { after: 'bm9wZQ' }],
      [PROJECTS, { taskAfter: 'bm9wZQ' }],
      ['{ projects { edges { node { id owner { id } overdueTaskCount tasks(filter: { done: true }) { edges { node { id } } } } } } }', {}],
      ['{ projects { edges { node { id tasks(timeZone: "Asia/Seoul") { edges { node { id project { id } } } } } } } }', {}],
    ];
    for (const [query, variables] of cases) await both(query, variables, owner.accessToken);
  });
});

/** An operation of client/operations with exactly the fragments it uses (as the generated client sends it). */
function clientOperation(name: string): string {
  const dir = path.join(__dirname, '../../../client/operations');
  const definitions = readdirSync(dir).filter((f) => f.endsWith('.graphql')).flatMap((f) => parse(readFileSync(path.join(dir, f), 'utf8')).definitions);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const operation = definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!operation) throw new Error(`no operation ${name} in client/operations`);
  const used = new Set<string>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        collect(fragments.get(spread.name.value)!);
      },
    });
  collect(operation);
  return [operation, ...[...used].map((n) => fragments.get(n)!)].map((d) => print(d)).join('\n');
}

describe('the client documents (client/operations) take the fast path with the same answers', () => {
  it('covers Boards, Board, Posts and Post for members and STAFF', async () => {
    const postId = (await fast.db.post.findFirstOrThrow({ where: { boardId: boardIds[0], deletedAt: null, comments: { some: { parentId: { not: null } } } } })).id;
    await fast.db.board.update({ where: { id: boardIds[1] }, data: { ownerId: viewers.author.id } });
    await fast.db.favoriteBoard.create({ data: { userId: viewers.reader.id, boardId: boardIds[0] } });
    const documents: Array<[string, Record<string, unknown>]> = [
      ['Boards', { schoolId }],
      ['Board', { id: boardIds[0], first: 3 }],
      ['Board', { id: boardIds[1] }],
      ['Posts', { boardId: boardIds[0], first: 2, orderBy: { field: 'LIKE_COUNT' } }],
      ['Post', { id: postId, commentsFirst: 10 }],
    ];
    for (const who of ['reader', 'author', 'staff'] as const) {
      for (const [name, variables] of documents) {
        const result = await both(clientOperation(name), variables, viewers[who].accessToken);
        expect({ name, statements: result.sqlStatements }).toEqual({ name, statements: 2 });
      }
    }
  });

  it('covers Projects and Project, overdue counts in the viewer\'s zone included', async () => {
    const owner = viewers.author;
    const projectId = (await fast.db.project.findFirstOrThrow({ where: { ownerId: owner.id, isArchived: false } })).id;
    for (const [name, variables] of [['Projects', {}], ['Projects', { first: 2, orderBy: { field: 'NAME' } }], ['Project', { id: projectId, first: 3 }]] as const) {
      const result = await both(clientOperation(name), variables, owner.accessToken);
      expect({ name, statements: result.sqlStatements }).toEqual({ name, statements: 2 });
    }
    // A time zone or a filter on the task list: the resolver path answers, the same way.
    await both(clientOperation('Project'), { id: projectId, timeZone: 'Asia/Seoul' }, owner.accessToken);
    await both(clientOperation('Project'), { id: projectId, filter: { done: true } }, owner.accessToken);
    await both(clientOperation('Project'), { id: randomUUID() }, owner.accessToken);
  });
});
