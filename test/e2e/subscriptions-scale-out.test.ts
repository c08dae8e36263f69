/**
 * Two app instances on the same PostgreSQL and Redis, as behind a load balancer without
 * sticky sessions: events and session revocations cross instances through Redis, budgets
 * are shared, and losing Redis degrades subscriptions to each instance's own events (HTTP
 * keeps working) until it comes back by itself.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { signUp } from '../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { post } from '../helpers/graphql';
import { describeWithRedis, REDIS_URL as TEST_REDIS_URL } from '../helpers/redis-available';
import { openSubscriber, type Subscriber } from '../helpers/subscriber';
import { TcpProxy } from '../helpers/tcp-proxy';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const MESSAGE_RECEIVED = `subscription { messageReceived { content senderName conversation { unreadCount } } }`;
const NOTIFICATION_ADDED = `subscription { notificationAdded { kind actorDisplayName } }`;
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }`;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithRedis('two instances sharing Redis', () => {
  let first: TestApp;
  let second: TestApp;
  let firstUrl: string;
  let secondUrl: string;
  let redis: Redis;
  const subscribers: Subscriber[] = [];
  const open = (url: string, token: string) => {
    const subscriber = openSubscriber(url, auth(token));
    subscribers.push(subscriber);
    return subscriber;
  };

  beforeAll(async () => {
    // A long session cache: without the published revocation, B would accept a revoked token for 10 s.
    const config = testConfig({ REDIS_URL: TEST_REDIS_URL, AUTH_SESSION_CACHE_MS: '10000', RATE_LIMIT_OPERATIONS_PER_USER: '6', RATE_LIMIT_OPERATIONS_WINDOW_SECONDS: '60' });
    [first, second] = [await createTestApp(config), await createTestApp(config)];
    [firstUrl, secondUrl] = [await first.listen(), await second.listen()];
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await until(() => first.events.fannedOut && second.events.fannedOut, 'both instances to reach Redis');
  });
  afterAll(async () => {
    await Promise.allSettled(subscribers.map((s) => s.dispose()));
    await Promise.allSettled([first?.stop(), second?.stop()]);
    redis?.disconnect();
  });

  it('delivers a message sent through A to its recipient subscribed on B, with the notification', async () => {
    const [alice, bob] = [await signUp(first), await signUp(first, { nickname: 'Bob B' })];
    const onB = open(secondUrl, alice.accessToken);
    const messages = onB.subscribe(MESSAGE_RECEIVED);
    const notes = onB.subscribe(NOTIFICATION_ADDED);
    await onB.connected;

    const sent = await post(firstUrl, SEND, { input: { recipientId: alice.id, content: 'across instances' } }, auth(bob.accessToken));

    expect(sent.status).toBe(200);
    expect((await messages.next()).data?.messageReceived).toEqual({ content: 'across instances', senderName: 'Bob B', conversation: { unreadCount: 1 } });
    expect((await notes.next()).data?.notificationAdded).toEqual({ kind: 'MESSAGE', actorDisplayName: 'Bob B' });
    await redis.del(`campus:operations:user:${bob.id}`, `campus:operations:user:${alice.id}`);
  });

  it('closes B’s socket of a session logged out on A (4403), and B refuses its access token at once', async () => {
    const account = await signUp(first);
    // B verifies the session once and caches it.
    expect((await post(secondUrl, '{ me { id } }', {}, auth(account.accessToken))).status).toBe(200);
    const onB = open(secondUrl, account.accessToken);
    onB.subscribe(MESSAGE_RECEIVED);
    await onB.connected;
    const started = Date.now();

    const logout = await post(firstUrl, 'mutation($t: String) { logout(refreshToken: $t) }', { t: account.refreshToken });
    const closed = await onB.closed;
    const afterwards = await post(secondUrl, '{ me { id } }', {}, auth(account.accessToken));

    expect(logout.status).toBe(200);
    expect(closed.code).toBe(4403);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(afterwards.status).toBe(401);
    afterwards.expectError('UNAUTHENTICATED');
    await redis.del(`campus:operations:user:${account.id}`);
  });

  it('counts subscribes and HTTP operations of one user on both instances against one budget', async () => {
    const account = await signUp(first);
    const key = `campus:operations:user:${account.id}`;
    try {
      for (let i = 0; i < 4; i++) expect((await post(firstUrl, '{ me { id } }', {}, auth(account.accessToken))).status).toBe(200);
      const onB = open(secondUrl, account.accessToken);
      const fifth = onB.subscribe(MESSAGE_RECEIVED);
      const sixth = onB.subscribe(MESSAGE_RECEIVED);
      const seventh = onB.subscribe(MESSAGE_RECEIVED);

      await fifth.nothingWithin(200);
      await sixth.nothingWithin(50);
      expect(await seventh.ended).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);
      expect((await post(firstUrl, '{ me { id } }', {}, auth(account.accessToken))).status).toBe(429);
      expect(Number(await redis.get(key))).toBeGreaterThanOrEqual(7);
    } finally {
      await redis.del(key);
    }
  });

  it('delivers comments made on A to readers of the post subscribed on B, named as queries name them', async () => {
    const school = await createCommunitySchool(first.db);
    const board = await createBoard(first.db, { schoolId: school.id });
    const [author, reader] = [await member(first, school.id), await member(first, school.id)];
    const postId = (await post(firstUrl, 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', { i: { boardId: board.id, title: 't', content: 'c', isAnonymous: true } }, auth(author.accessToken)))
      .expectData().createPost.id;
    const onB = open(secondUrl, author.accessToken);
    const comments = onB.subscribe(`subscription($p: ID!) { commentAdded(postId: $p) { content authorDisplayName } }`, { p: postId });
    await onB.connected;

    await post(firstUrl, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, content: 'hello', isAnonymous: true } }, auth(reader.accessToken));

    expect((await comments.next()).data?.commentAdded).toEqual({ content: 'hello', authorDisplayName: '익명1' });
    await redis.del(...[author, reader].map((a) => `campus:operations:user:${a.id}`));
  });
});

describeWithRedis('losing Redis mid-flight', () => {
  let proxy: TcpProxy;
  let first: TestApp;
  let second: TestApp;
  let firstUrl: string;
  let secondUrl: string;
  const subscribers: Subscriber[] = [];

  beforeAll(async () => {
    const { hostname, port } = new URL(TEST_REDIS_URL);
    proxy = await TcpProxy.start({ host: hostname, port: Number(port) });
    const config = testConfig({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    [first, second] = [await createTestApp(config), await createTestApp(config)];
    [firstUrl, secondUrl] = [await first.listen(), await second.listen()];
    await until(() => first.events.fannedOut && second.events.fannedOut, 'both instances to reach Redis');
  });
  afterAll(async () => {
    await Promise.allSettled(subscribers.map((s) => s.dispose()));
    await Promise.allSettled([first?.stop(), second?.stop()]);
    await proxy?.close();
  });

  it('keeps each instance’s own events flowing and HTTP answering while Redis is away, and fans out again when it is back', async () => {
    const [alice, bob] = [await signUp(first), await signUp(first)];
    const onB = openSubscriber(secondUrl, auth(alice.accessToken));
    subscribers.push(onB);
    const messages = onB.subscribe(MESSAGE_RECEIVED);
    await onB.connected;

    await proxy.cut();
    await until(() => !first.events.fannedOut && !second.events.fannedOut, 'both instances to notice the outage');
    const viaB = await post(secondUrl, SEND, { input: { recipientId: alice.id, content: 'local to B' } }, auth(bob.accessToken));
    const viaA = await post(firstUrl, SEND, { input: { recipientId: alice.id, content: 'stuck on A' } }, auth(bob.accessToken));

    expect([viaB.status, viaA.status]).toEqual([200, 200]);
    expect((await messages.next()).data?.messageReceived.content).toBe('local to B');
    await messages.nothingWithin(300);
    expect(second.logs.some((line) => line.level === 40 && /Redis unreachable: realtime events reach this instance only/.test(String(line.msg)))).toBe(true);

    await proxy.restore();
    await until(() => first.events.fannedOut && second.events.fannedOut, 'both instances to reconnect', 15_000);
    await post(firstUrl, SEND, { input: { recipientId: alice.id, content: 'back across' } }, auth(bob.accessToken));

    expect((await messages.next()).data?.messageReceived.content).toBe('back across');
    expect(second.logs.some((line) => /fan out through Redis again/.test(String(line.msg)))).toBe(true);
  });
});
