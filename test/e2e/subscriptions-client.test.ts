/**
 * The documented client (client/examples/subscriptions.ts) against a server that runs only
 * trusted documents: generated subscriptions sent by hash work, anything else is refused as
 * over HTTP; and an internal fault inside an event is masked as over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import WebSocket from 'ws';
import { SendMessageDocument } from '../../client/generated/gql/graphql';
import { createSubscriptionClient, followComments, followInbox, subscriptionUrl } from '../../client/examples/subscriptions';
import { signUp } from '../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { exec } from '../helpers/graphql';
import { openSubscriber } from '../helpers/subscriber';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const LEAKS = /prisma|stack|constraint|relation "|SELECT |at \/|node_modules|timeout|canceling/i;

describe('TRUSTED_DOCUMENTS=enforce', () => {
  let app: TestApp;
  /** The same database without enforcement, for the test's own set-up operations. */
  let helper: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ TRUSTED_DOCUMENTS: 'enforce' }));
    helper = await createTestApp(testConfig());
    baseUrl = await app.listen();
  });
  afterAll(() => Promise.all([app.stop(), helper.stop()]));

  it('runs the generated subscriptions sent by their hash, with the typed result', async () => {
    const [alice, bob] = [await signUp(helper), await signUp(helper)];
    const client = createSubscriptionClient(subscriptionUrl(baseUrl), () => alice.accessToken, WebSocket);
    const unread: [string, number][] = [];
    const stop = followInbox(client, (conversationId, count) => unread.push([conversationId, count]));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Through the enforcing instance itself (its events are in-process), by the trusted hash.
      const hash = (SendMessageDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
      const sent = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.accessToken}` },
        body: JSON.stringify({ variables: { input: { recipientId: alice.id, content: 'hi' } }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      });
      expect(sent.status).toBe(200);
      const deadline = Date.now() + 5000;
      while (unread.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

      expect(unread).toEqual([[expect.any(String), 1]]);
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('refuses a subscription that is not in the manifest', async () => {
    const account = await signUp(helper);
    const subscriber = openSubscriber(baseUrl, { authorization: `Bearer ${account.accessToken}` });
    try {
      const refused = subscriber.subscribe(`subscription { messageReceived { id content } }`);
      expect(await refused.ended).toEqual([expect.objectContaining({ message: expect.stringMatching(/trusted documents/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    } finally {
      await subscriber.dispose();
    }
  });
});

describe('an internal fault while an event executes', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '300' }));
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  it('is masked as INTERNAL_SERVER_ERROR with the request id, logged in full, and the subscription goes on', async () => {
    const school = await createCommunitySchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id });
    const [author, reader] = [await member(app, school.id), await member(app, school.id)];
    const postId = (await exec(app, 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', { i: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: author.accessToken })).expectData().createPost.id;
    const client = createSubscriptionClient(subscriptionUrl(baseUrl), () => reader.accessToken, WebSocket);
    const subscriber = openSubscriber(baseUrl, { authorization: `Bearer ${reader.accessToken}` });
    const comments = subscriber.subscribe(`subscription($p: ID!) { commentAdded(postId: $p) { content viewerHasLiked } }`, { p: postId });
    await subscriber.connected;
    const locker = new Client({ connectionString: app.config.db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE comment_likes IN ACCESS EXCLUSIVE MODE');
      await exec(app, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, content: 'first', isAnonymous: false } }, { token: author.accessToken });
      const failed = await comments.next();
      await locker.query('ROLLBACK');
      await exec(app, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, content: 'second', isAnonymous: false } }, { token: author.accessToken });
      const next = await comments.next();

      const error = failed.errors?.[0];
      expect(error).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) } });
      expect(JSON.stringify(failed)).not.toMatch(LEAKS);
      expect(app.logs.some((line) => line.requestId === error?.extensions?.requestId)).toBe(true);
      expect(next.data?.commentAdded).toEqual({ content: 'second', viewerHasLiked: false });
    } finally {
      await locker.end();
      await subscriber.dispose();
      await client.dispose();
    }
  });

  it('follows comments through the example client too', async () => {
    const school = await createCommunitySchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id });
    const [author, reader] = [await member(app, school.id), await member(app, school.id)];
    const postId = (await exec(app, 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', { i: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: author.accessToken })).expectData().createPost.id;
    const client = createSubscriptionClient(subscriptionUrl(baseUrl), () => reader.accessToken, WebSocket);
    const seen: string[] = [];
    const stop = followComments(client, postId, (comment) => seen.push(`${comment.authorDisplayName}: ${comment.content}`));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await exec(app, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, content: 'hello', isAnonymous: true } }, { token: author.accessToken });
      const deadline = Date.now() + 5000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual(['글쓴이: hello']);
    } finally {
      stop();
      await client.dispose();
    }
  });
});
