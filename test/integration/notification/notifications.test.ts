/**
 * Notifications through the GraphQL pipeline: arguments fuzzed (fast-check) never produce
 * anything but data or a client error, the list's SQL statement count does not grow with its
 * rows, and targets follow the viewer's current read rights.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ErrorCode } from '../../../src/shared/errors';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { openSubscriber } from '../../helpers/subscriber';
import { testConfig } from '../../helpers/test-config';
import { createTestApp, type TestApp } from '../../helpers/test-app';

const CLIENT_CODES = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR));
const LIST = /* GraphQL */ `
  query($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind actorDisplayName readAt post { id title } comment { id content authorDisplayName } conversation { id unreadCount } } }
    }
  }
`;

let app: TestApp;
let author: TestAccount;
let reader: TestAccount;
let postId: string;

async function comment(token: string, content: string, isAnonymous = false) {
  return exec(app, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, content, isAnonymous } }, { token });
}

beforeAll(async () => {
  // No session cache: every request checks its session (one statement), so counts never depend on timing.
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  [author, reader] = [await member(app, school.id), await member(app, school.id)];
  postId = (await exec(app, 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', { i: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: author.accessToken }))
    .expectData().createPost.id;
});
afterAll(() => app.stop());

describe('notifications(first, after, unreadOnly)', () => {
  it('answers data or a client error for any arguments', async () => {
    await comment(reader.accessToken, 'seed');
    const cursor = fc.oneof(fc.string(), fc.string().map((s) => Buffer.from(s).toString('base64url')), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')));
    await fc.assert(
      fc.asyncProperty(fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), fc.option(cursor), fc.option(fc.boolean()), async (first, after, unreadOnly) => {
        const result = await exec(app, LIST, { first, after, unreadOnly }, { token: author.accessToken });
        if (result.errors) for (const error of result.errors) expect(CLIENT_CODES).toContain(error.extensions?.code);
        else expect(result.data?.notifications.totalCount).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 60, seed: 20261204 },
    );
  });

  it('pages with a constant number of SQL statements, however many rows', async () => {
    const statements = async () => (await exec(app, LIST, { first: 50 }, { token: author.accessToken })).sqlStatements;
    const few = await statements();
    for (let i = 0; i < 8; i++) await comment(reader.accessToken, `more ${i}`, i % 2 === 0);
    const many = await statements();
    const page = (await exec(app, LIST, { first: 50 }, { token: author.accessToken })).expectData().notifications;

    expect(page.edges.length).toBeGreaterThanOrEqual(8);
    expect(many).toBe(few);
  });

  it('hides a target the viewer can no longer read, and names anonymous actors as the comment does', async () => {
    const id = (await comment(reader.accessToken, 'anonymous one', true)).expectData().createComment.id;
    const node = (await exec(app, LIST, { first: 1 }, { token: author.accessToken })).expectData().notifications.edges[0].node;
    expect(node).toMatchObject({ kind: 'COMMENT_ON_MY_POST', actorDisplayName: node.comment.authorDisplayName, comment: { id, content: 'anonymous one' }, post: { id: postId } });
    expect(node.actorDisplayName).toMatch(/^익명\d+$/);

    await app.db.post.update({ where: { id: postId }, data: { deletedAt: new Date() } });
    try {
      const hidden = (await exec(app, LIST, { first: 1 }, { token: author.accessToken })).expectData().notifications.edges[0].node;
      expect(hidden).toMatchObject({ post: null, comment: null });
    } finally {
      await app.db.post.update({ where: { id: postId }, data: { deletedAt: null } });
    }
  });
});

describe('markNotificationsRead(input)', () => {
  it('answers an unread count or BAD_USER_INPUT for any ids and flag, and never touches others’ rows', async () => {
    const stranger: TestAccount = await signUp(app);
    const before = await app.db.notification.count({ where: { userId: author.id, readAt: null } });
    await fc.assert(
      fc.asyncProperty(fc.option(fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.uuid()), { maxLength: 120 })), fc.option(fc.boolean()), async (ids, all) => {
        const result = await exec(app, 'mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) }', { i: { ids, all } }, { token: stranger.accessToken });
        if (result.errors) for (const error of result.errors) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        else expect(result.data?.markNotificationsRead).toBe(0);
      }),
      { numRuns: 60, seed: 20261204 },
    );
    expect(await app.db.notification.count({ where: { userId: author.id, readAt: null } })).toBe(before);
  });
});

describe('commentAdded(postId) over WebSocket', () => {
  it('answers NOT_FOUND or a validation error for any post id, never an internal error', async () => {
    const baseUrl = await app.listen();
    const subscriber = openSubscriber(baseUrl, { authorization: `Bearer ${reader.accessToken}` });
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.uuid(), fc.constant('')), async (id) => {
          const subscription = subscriber.subscribe('subscription($p: ID!) { commentAdded(postId: $p) { id } }', { p: id });
          const outcome = await Promise.race([subscription.next(3000).then((result) => result.errors), subscription.ended]);
          const errors = outcome as { extensions?: { code?: string } }[];
          expect(errors?.length).toBeGreaterThan(0);
          for (const error of errors) expect(['NOT_FOUND', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(error.extensions?.code);
        }),
        { numRuns: 40, seed: 20261204 },
      );
    } finally {
      await subscriber.dispose();
    }
  });
});
