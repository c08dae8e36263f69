/**
 * Business-flow limits (docs/security.md A10): posts, comments, direct messages and likes per user,
 * counted per resolver call, so that aliases inside one request count one each. Over a limit:
 * RATE_LIMITED with `retryAfterSeconds` (HTTP 429 and Retry-After, like the other limits);
 * another user is unaffected; a replayed idempotent call costs nothing; with Redis the
 * counters are shared by every instance.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import type { TestAccount } from '../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { exec, post, type HttpResult } from '../helpers/graphql';
import { describeWithRedis } from '../helpers/redis-available';
import { useTwoInstancesSharingRedis } from '../helpers/redis-pair';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const POSTS = 3;
const CREATE_POST = 'mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { id } }';
const CREATE_COMMENT = 'mutation CreateComment($input: CreateCommentInput!) { createComment(input: $input) { id } }';
const SEND = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const LIKE_POST = 'mutation LikePost($id: ID!) { likePost(id: $id) { id } }';
const LIKE_COMMENT = 'mutation LikeComment($id: ID!) { likeComment(id: $id) { id } }';
const SCRAP_POST = 'mutation ScrapPost($id: ID!) { scrapPost(id: $id) { id } }';

const bearer = (account: TestAccount) => ({ authorization: `Bearer ${account.accessToken}` });

function expectRateLimited(response: HttpResult<unknown>): void {
  expect(response.status).toBe(429);
  const error = response.expectError('RATE_LIMITED');
  expect(Number.isInteger(error.extensions?.retryAfterSeconds)).toBe(true);
  expect(error.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  expect(error.extensions?.retryAfterSeconds).toBeLessThanOrEqual(600);
  expect(response.headers.get('retry-after')).toBe(String(error.extensions?.retryAfterSeconds));
}

describe('defaults', () => {
  it('are generous for people and configurable by variable', () => {
    expect(loadConfig({}).rateLimits.writes).toEqual({ postsPerUser: 30, commentsPerUser: 120, messagesPerUser: 120, likesPerUser: 600, windowSeconds: 600 });
    const custom = loadConfig({
      RATE_LIMIT_POSTS_PER_USER: '5',
      RATE_LIMIT_COMMENTS_PER_USER: '6',
      RATE_LIMIT_MESSAGES_PER_USER: '7',
      RATE_LIMIT_LIKES_PER_USER: '8',
      RATE_LIMIT_WRITES_WINDOW_SECONDS: '60',
    });
    expect(custom.rateLimits.writes).toEqual({ postsPerUser: 5, commentsPerUser: 6, messagesPerUser: 7, likesPerUser: 8, windowSeconds: 60 });
    expect(() => loadConfig({ RATE_LIMIT_POSTS_PER_USER: '0', RATE_LIMIT_LIKES_PER_USER: 'many' })).toThrow(/RATE_LIMIT_POSTS_PER_USER[\s\S]*RATE_LIMIT_LIKES_PER_USER/);
  });
});

describe(`limits of ${POSTS} posts, 2 comments, 2 messages and 3 likes per user (memory)`, () => {
  let app: TestApp;
  let baseUrl: string;
  let schoolId: string;
  let boardId: string;
  beforeAll(async () => {
    app = await createTestApp(
      testConfig({
        RATE_LIMIT_POSTS_PER_USER: String(POSTS),
        RATE_LIMIT_COMMENTS_PER_USER: '2',
        RATE_LIMIT_MESSAGES_PER_USER: '2',
        RATE_LIMIT_LIKES_PER_USER: '3',
      }),
    );
    baseUrl = await app.listen();
    schoolId = (await createCommunitySchool(app.db)).id;
    boardId = (await createBoard(app.db, { schoolId })).id;
  });
  afterAll(() => app.stop());

  const createPost = (account: TestAccount, extra: Record<string, unknown> = {}) =>
    post(baseUrl, CREATE_POST, { input: { boardId, title: '글', content: '본문', ...extra } }, bearer(account));
  const postCount = (account: TestAccount) => app.db.post.count({ where: { authorId: account.id } });

  it(`refuses createPost number ${POSTS + 1} with RATE_LIMITED, 429 and Retry-After, storing nothing`, async () => {
    const author = await member(app, schoolId);
    for (let i = 0; i < POSTS; i++) (await createPost(author)).expectData();

    const refused = await createPost(author);

    expectRateLimited(refused);
    expect(refused.data ?? null).toBeNull();
    expect(await postCount(author)).toBe(POSTS);
  });

  it('counts every aliased createPost of one request: the first over the limit fails, and exactly the limit is stored', async () => {
    const author = await member(app, schoolId);
    const aliases = Array.from({ length: POSTS + 2 }, (_, i) => `p${i + 1}: createPost(input: { boardId: $boardId, title: "글 ${i + 1}", content: "본문" }) { id }`);

    const response = await post(baseUrl, `mutation Flood($boardId: ID!) { ${aliases.join(' ')} }`, { boardId }, bearer(author));

    // Mutation fields run one after another; each counts one call. The refused field is
    // non-null, so the response's data is null and the fields after it do not run.
    expectRateLimited(response);
    expect(response.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['RATE_LIMITED', [`p${POSTS + 1}`]]]);
    expect(await postCount(author)).toBe(POSTS);
    const titles = (await app.db.post.findMany({ where: { authorId: author.id }, orderBy: { createdAt: 'asc' } })).map((p) => p.title);
    expect(titles.sort()).toEqual(Array.from({ length: POSTS }, (_, i) => `글 ${i + 1}`));
  });

  it('leaves another user unaffected', async () => {
    const [limited, other] = [await member(app, schoolId), await member(app, schoolId)];
    for (let i = 0; i < POSTS; i++) (await createPost(limited)).expectData();
    expectRateLimited(await createPost(limited));

    for (let i = 0; i < POSTS; i++) expect((await createPost(other)).status).toBe(200);

    expect(await postCount(other)).toBe(POSTS);
  });

  it('does not count a retried idempotent call: it returns the original without using a point', async () => {
    const author = await member(app, schoolId);
    const key = randomUUID();
    const original = (await createPost(author, { idempotencyKey: key })).expectData().createPost.id;

    const retries = [];
    for (let i = 0; i < POSTS + 1; i++) retries.push((await createPost(author, { idempotencyKey: key })).expectData().createPost.id);
    const rest = [];
    for (let i = 1; i < POSTS; i++) rest.push((await createPost(author, { idempotencyKey: randomUUID() })).status);
    const over = await createPost(author, { idempotencyKey: randomUUID() });

    expect(retries).toEqual(Array.from({ length: POSTS + 1 }, () => original));
    expect(rest).toEqual(Array.from({ length: POSTS - 1 }, () => 200));
    expectRateLimited(over);
    expect(await postCount(author)).toBe(POSTS);
  });

  it('limits createComment (replies included), sendMessage, and likes and scraps together', async () => {
    const [writer, author, other] = [await member(app, schoolId), await member(app, schoolId), await member(app, schoolId)];
    const target = (await exec(app, CREATE_POST, { input: { boardId, title: '대상', content: '본문' } }, { token: author.accessToken })).expectData().createPost.id;
    const comment = (await exec(app, CREATE_COMMENT, { input: { postId: target, content: '댓글' } }, { token: author.accessToken })).expectData().createComment.id;

    const comments = [
      await post(baseUrl, CREATE_COMMENT, { input: { postId: target, content: '하나' } }, bearer(writer)),
      await post(baseUrl, CREATE_COMMENT, { input: { postId: target, parentId: comment, content: '답글' } }, bearer(writer)),
      await post(baseUrl, CREATE_COMMENT, { input: { postId: target, content: '셋' } }, bearer(writer)),
    ];
    const messages = [
      await post(baseUrl, SEND, { input: { recipientId: author.id, content: '하나' } }, bearer(writer)),
      await post(baseUrl, SEND, { input: { recipientId: other.id, content: '둘' } }, bearer(writer)),
      await post(baseUrl, SEND, { input: { recipientId: author.id, content: '셋' } }, bearer(writer)),
    ];
    const likes = [
      await post(baseUrl, LIKE_POST, { id: target }, bearer(writer)),
      await post(baseUrl, LIKE_COMMENT, { id: comment }, bearer(writer)),
      await post(baseUrl, SCRAP_POST, { id: target }, bearer(writer)),
      await post(baseUrl, LIKE_POST, { id: target }, bearer(writer)),
    ];

    expect([...comments.slice(0, 2), ...messages.slice(0, 2), ...likes.slice(0, 3)].map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    for (const refused of [comments[2], messages[2], likes[3]]) expectRateLimited(refused);
    expect(await app.db.comment.count({ where: { authorId: writer.id } })).toBe(2);
    expect(await app.db.message.count({ where: { senderId: writer.id } })).toBe(2);
    // The other user's own limits are untouched by the writer's.
    (await post(baseUrl, LIKE_POST, { id: target }, bearer(other))).expectData();
  });
});

describeWithRedis('the posts limit shared through Redis', () => {
  const pair = useTwoInstancesSharingRedis({ RATE_LIMIT_POSTS_PER_USER: '2' });

  it('counts one user’s posts on two instances against one limit', async () => {
    const { first, second, redis } = pair;
    const [firstUrl, secondUrl] = [await first.listen(), await second.listen()];
    const schoolId = (await createCommunitySchool(first.db)).id;
    const boardId = (await createBoard(first.db, { schoolId })).id;
    const author = await member(first, schoolId);
    const key = `campus:throttle:postsPerUser:${author.id}`;
    pair.forget(key);
    const createOn = (url: string) => post(url, CREATE_POST, { input: { boardId, title: '글', content: '본문' } }, bearer(author));

    const statuses = [];
    for (const url of [firstUrl, secondUrl]) statuses.push((await createOn(url)).status);
    const refused = await createOn(firstUrl);

    expect(statuses).toEqual([200, 200]);
    expectRateLimited(refused);
    expect(Number(await redis.get(key))).toBe(3);
    expect(await first.db.post.count({ where: { authorId: author.id } })).toBe(2);
  });
});
