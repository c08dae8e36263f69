/**
 * Subscriptions over a real socket with graphql-ws's own client, on one instance (events
 * in-process): the three operations and their filtering, notifications written with their
 * cause, and the connection's protocol: authentication, limits, errors, origin.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { logIn, signUp } from '../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { exec, post } from '../helpers/graphql';
import { openRawSocket, openSubscriber, type Subscriber } from '../helpers/subscriber';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const MESSAGE_RECEIVED = /* GraphQL */ `
  subscription MessageReceived {
    messageReceived { id content senderName isMine conversation { id unreadCount otherParticipantName } }
  }
`;
const COMMENT_ADDED = /* GraphQL */ `
  subscription CommentAdded($postId: ID!) {
    commentAdded(postId: $postId) { id content authorDisplayName isAnonymous author { id } post { id } }
  }
`;
const NOTIFICATION_ADDED = /* GraphQL */ `
  subscription NotificationAdded {
    notificationAdded { id kind actorDisplayName readAt post { id } comment { id } conversation { id } }
  }
`;
const SEND_MESSAGE = /* GraphQL */ `
  mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }
`;
const CREATE_POST = /* GraphQL */ `
  mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { id } }
`;
const CREATE_COMMENT = /* GraphQL */ `
  mutation CreateComment($input: CreateCommentInput!) { createComment(input: $input) { id } }
`;
const NOTIFICATIONS = /* GraphQL */ `
  query Notifications($unreadOnly: Boolean) {
    unreadNotificationCount
    notifications(first: 10, unreadOnly: $unreadOnly) { totalCount edges { node { id kind actorDisplayName readAt comment { id } } } }
  }
`;

let app: TestApp;
let baseUrl: string;
const subscribers: Subscriber[] = [];

function subscriberOf(account: { accessToken: string }, headers?: Record<string, string>): Subscriber {
  const subscriber = openSubscriber(baseUrl, { authorization: `Bearer ${account.accessToken}` }, { headers });
  subscribers.push(subscriber);
  return subscriber;
}

beforeAll(async () => {
  app = await createTestApp(
    testConfig({ CORS_ORIGINS: 'https://app.example', WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3', WS_MAX_SUBSCRIPTIONS_PER_USER: '4', WS_CONNECTION_INIT_TIMEOUT_MS: '500' }),
  );
  baseUrl = await app.listen();
});
afterAll(async () => {
  await Promise.allSettled(subscribers.map((s) => s.dispose()));
  await app.stop();
});

/** A server-issued id, checked before it is written into trigger DDL (which takes no parameters). */
function uuid(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a uuid: ${id}`);
  return id;
}

/** Runs `body` while a BEFORE INSERT trigger on `table` runs `statements` (plpgsql) for each row. */
async function withTrigger<T>(table: string, statements: string, body: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: app.config.db.url });
  await client.connect();
  try {
    await client.query(`CREATE OR REPLACE FUNCTION test_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${statements} RETURN NEW; END $$`);
    await client.query(`CREATE TRIGGER test_trigger BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_trigger()`);
    try {
      return await body();
    } finally {
      await client.query(`DROP TRIGGER test_trigger ON ${table}`);
    }
  } finally {
    await client.end();
  }
}

async function communityWithPost(options: { anonymousPost?: boolean } = {}) {
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const author = await member(app, school.id);
  const reader = await member(app, school.id);
  const postId = (
    await exec(app, CREATE_POST, { input: { boardId: board.id, title: 'Hello', content: 'First post', isAnonymous: options.anonymousPost ?? false } }, { token: author.accessToken })
  ).expectData().createPost.id as string;
  return { school, board, author, reader, postId };
}

describe('messageReceived', () => {
  it('delivers a message to its recipient with the conversation and its unread count, and not to the sender', async () => {
    const [alice, bob] = [await signUp(app), await signUp(app, { nickname: 'Bobby' })];
    const aliceSocket = subscriberOf(alice);
    const bobSocket = subscriberOf(bob);
    const toAlice = aliceSocket.subscribe(MESSAGE_RECEIVED);
    const toBob = bobSocket.subscribe(MESSAGE_RECEIVED);
    await Promise.all([aliceSocket.connected, bobSocket.connected]);

    await post(baseUrl, SEND_MESSAGE, { input: { recipientId: alice.id, content: 'hi Alice' } }, { authorization: `Bearer ${bob.accessToken}` });
    const first = await toAlice.next();
    await post(baseUrl, SEND_MESSAGE, { input: { recipientId: alice.id, content: 'again' } }, { authorization: `Bearer ${bob.accessToken}` });
    const second = await toAlice.next();

    expect(first.errors).toBeUndefined();
    expect(first.data?.messageReceived).toMatchObject({ content: 'hi Alice', senderName: 'Bobby', isMine: false, conversation: { unreadCount: 1, otherParticipantName: 'Bobby' } });
    // Each event is its own request: the count is read again, not served from the first event's loaders.
    expect(second.data?.messageReceived).toMatchObject({ content: 'again', conversation: { unreadCount: 2 } });
    await toBob.nothingWithin(300);
  });

  it('keeps the author of an anonymous post anonymous when they answer', async () => {
    const { author, reader, postId } = await communityWithPost({ anonymousPost: true });
    const readerSocket = subscriberOf(reader);
    const toReader = readerSocket.subscribe(MESSAGE_RECEIVED);
    const toReaderNotes = readerSocket.subscribe(NOTIFICATION_ADDED);
    await readerSocket.connected;

    const opened = await exec(app, `mutation($input: SendMessageInput!) { sendMessage(input: $input) { conversation { id } } }`, { input: { postId, content: 'about your post' } }, { token: reader.accessToken });
    const conversationId = opened.expectData().sendMessage.conversation.id;
    await exec(app, SEND_MESSAGE, { input: { conversationId, content: 'answer' } }, { token: author.accessToken });

    const received = (await toReader.next()).data?.messageReceived;
    const note = (await toReaderNotes.next()).data?.notificationAdded;
    expect(received).toMatchObject({ content: 'answer', senderName: '익명', conversation: { otherParticipantName: '익명' } });
    expect(note).toMatchObject({ kind: 'MESSAGE', actorDisplayName: '익명', conversation: { id: conversationId } });
  });
});

describe('commentAdded', () => {
  it('delivers comments of a readable post with the names a query shows, and refuses a post the viewer cannot read', async () => {
    const { author, reader, postId } = await communityWithPost();
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);
    const readerSocket = subscriberOf(reader);
    const outsiderSocket = subscriberOf(outsider);
    const onPost = readerSocket.subscribe(COMMENT_ADDED, { postId });
    const refused = outsiderSocket.subscribe(COMMENT_ADDED, { postId });
    await readerSocket.connected;
    const commenter = await member(app, (await app.db.user.findUniqueOrThrow({ where: { id: reader.id } })).schoolId!);

    await exec(app, CREATE_COMMENT, { input: { postId, content: 'anonymous words', isAnonymous: true } }, { token: commenter.accessToken });
    await exec(app, CREATE_COMMENT, { input: { postId, content: 'from the writer', isAnonymous: true } }, { token: author.accessToken });
    const first = (await onPost.next()).data?.commentAdded;
    const second = (await onPost.next()).data?.commentAdded;
    const queried = (await exec(app, `query($id: ID!) { post(id: $id) { comments { edges { node { id authorDisplayName author { id } } } } } }`, { id: postId }, { token: reader.accessToken }))
      .expectData().post.comments.edges.map((e: { node: unknown }) => e.node);

    expect(first).toMatchObject({ content: 'anonymous words', authorDisplayName: '익명1', isAnonymous: true, author: null, post: { id: postId } });
    expect(second).toMatchObject({ authorDisplayName: '글쓴이', author: null });
    expect(queried).toEqual([
      { id: first.id, authorDisplayName: first.authorDisplayName, author: null },
      { id: second.id, authorDisplayName: second.authorDisplayName, author: null },
    ]);
    const error = await refused.next();
    expect(error.data).toBeUndefined();
    expect(error.errors?.[0]).toMatchObject({ message: 'Post not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('never announces a comment whose transaction rolled back, nor notifies of it', async () => {
    const { author, reader, postId } = await communityWithPost();
    const readerSocket = subscriberOf(reader);
    const authorSocket = subscriberOf(author);
    const onPost = readerSocket.subscribe(COMMENT_ADDED, { postId });
    const authorNotes = authorSocket.subscribe(NOTIFICATION_ADDED);
    await Promise.all([readerSocket.connected, authorSocket.connected]);
    // Fails the comment's transaction at its last statement, after the comment, the counter
    // and the notification were written.
    await withTrigger('outbox_events', `IF NEW.payload->>'postId' = '${uuid(postId)}' THEN RAISE EXCEPTION 'injected failure'; END IF;`, async () => {
      const failed = await exec(app, CREATE_COMMENT, { input: { postId, content: 'doomed', isAnonymous: false } }, { token: reader.accessToken });
      failed.expectError('INTERNAL_SERVER_ERROR');
    });
    await exec(app, CREATE_COMMENT, { input: { postId, content: 'survivor', isAnonymous: false } }, { token: reader.accessToken });

    expect((await onPost.next()).data?.commentAdded.content).toBe('survivor');
    expect((await authorNotes.next()).data?.notificationAdded.kind).toBe('COMMENT_ON_MY_POST');
    await authorNotes.nothingWithin(300);
    expect(await app.db.comment.count({ where: { postId, content: 'doomed' } })).toBe(0);
    expect(await app.db.notification.count({ where: { userId: author.id } })).toBe(1);
  });
});

describe('notifications', () => {
  it('notifies the post author and the replied-to commenter, lists them, and marks them read', async () => {
    const { author, reader, postId } = await communityWithPost();
    const authorSocket = subscriberOf(author);
    const readerSocket = subscriberOf(reader);
    const authorNotes = authorSocket.subscribe(NOTIFICATION_ADDED);
    const readerNotes = readerSocket.subscribe(NOTIFICATION_ADDED);
    await Promise.all([authorSocket.connected, readerSocket.connected]);

    const commentId = (await exec(app, CREATE_COMMENT, { input: { postId, content: 'question', isAnonymous: true } }, { token: reader.accessToken })).expectData().createComment.id;
    const replyId = (await exec(app, CREATE_COMMENT, { input: { postId, parentId: commentId, content: 'answer', isAnonymous: false } }, { token: author.accessToken })).expectData().createComment.id;

    const toAuthor = (await authorNotes.next()).data?.notificationAdded;
    const toReader = (await readerNotes.next()).data?.notificationAdded;
    expect(toAuthor).toMatchObject({ kind: 'COMMENT_ON_MY_POST', actorDisplayName: '익명1', readAt: null, post: { id: postId }, comment: { id: commentId } });
    expect(toReader).toMatchObject({ kind: 'REPLY_TO_MY_COMMENT', post: { id: postId }, comment: { id: replyId } });
    await authorNotes.nothingWithin(200);

    const listed = (await exec(app, NOTIFICATIONS, {}, { token: author.accessToken })).expectData();
    expect(listed.unreadNotificationCount).toBe(1);
    expect(listed.notifications.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([toAuthor.id]);
    const marked = await exec(app, `mutation { markNotificationsRead(input: { all: true }) }`, {}, { token: author.accessToken });
    expect(marked.expectData().markNotificationsRead).toBe(0);
    const unread = (await exec(app, NOTIFICATIONS, { unreadOnly: true }, { token: author.accessToken })).expectData();
    expect(unread.notifications.totalCount).toBe(0);
  });

  it('marks only the viewer’s own notifications read, by id', async () => {
    const { reader, postId } = await communityWithPost();
    const other = await signUp(app);
    await exec(app, CREATE_COMMENT, { input: { postId, content: 'one', isAnonymous: false } }, { token: reader.accessToken });
    await exec(app, CREATE_COMMENT, { input: { postId, content: 'two', isAnonymous: false } }, { token: reader.accessToken });
    const authorId = (await app.db.post.findUniqueOrThrow({ where: { id: postId } })).authorId;
    const [first] = await app.db.notification.findMany({ where: { userId: authorId }, orderBy: { createdAt: 'asc' } });

    const byStranger = await exec(app, `mutation($ids: [ID!]) { markNotificationsRead(input: { ids: $ids }) }`, { ids: [first.id] }, { token: other.accessToken });
    expect(byStranger.expectData().markNotificationsRead).toBe(0);
    expect((await app.db.notification.findUniqueOrThrow({ where: { id: first.id } })).readAt).toBeNull();
    const both = await exec(app, `mutation { markNotificationsRead(input: { all: true, ids: [] }) }`, {}, { token: other.accessToken });
    both.expectError('BAD_USER_INPUT');
  });

  it('tells the author once when their post becomes hot', async () => {
    const hotApp = await createTestApp(testConfig({ HOT_POST_MIN_LIKES: '2' }));
    try {
      const school = await createCommunitySchool(hotApp.db);
      const board = await createBoard(hotApp.db, { schoolId: school.id });
      const [author, a, b] = [await member(hotApp, school.id), await member(hotApp, school.id), await member(hotApp, school.id)];
      const postId = (await exec(hotApp, CREATE_POST, { input: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: author.accessToken })).expectData().createPost.id;
      const like = (token: string, mutation = 'likePost') => exec(hotApp, `mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id: postId }, { token });

      await like(a.accessToken);
      await like(b.accessToken);
      await like(b.accessToken, 'unlikePost');
      await like(b.accessToken);

      const notes = await hotApp.db.notification.findMany({ where: { userId: author.id } });
      expect(notes.map((n) => [n.kind, n.postId, n.actorId])).toEqual([['HOT_POST', postId, null]]);
    } finally {
      await hotApp.stop();
    }
  });
});

describe('the connection', () => {
  it('closes with 4401 without a token and 4403 with an invalid one', async () => {
    const anonymous = openSubscriber(baseUrl, {});
    const forged = openSubscriber(baseUrl, { authorization: 'Bearer not.a.token' });
    subscribers.push(anonymous, forged);

    expect((await anonymous.closed).code).toBe(4401);
    expect((await forged.closed).code).toBe(4403);
  });

  it('closes with 4408 when connection_init never comes', async () => {
    const raw = await openRawSocket(baseUrl);
    expect((await raw.closed).code).toBe(4408);
  });

  it('refuses a browser upgrade from a foreign origin with 403, and accepts the allowed one', async () => {
    await expect(openRawSocket(baseUrl, { origin: 'https://evil.example' })).rejects.toMatchObject({ statusCode: 403 });
    const allowed = await openRawSocket(baseUrl, { origin: 'https://app.example' });
    allowed.socket.close();
  });

  it('runs only subscriptions, masks nothing a client may see, and reports validation errors with their code', async () => {
    const account = await signUp(app);
    const socket = subscriberOf(account);
    const query = socket.subscribe(`query { me { id } }`);
    const invalid = socket.subscribe(`subscription { messageReceived { nope } }`);
    const deep = socket.subscribe(`subscription { notificationAdded { post { comments { edges { node { post { comments { edges { node { post { comments { edges { node { post { id } } } } } } } } } } } } } } }`);

    expect(await query.ended).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(await invalid.ended).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(await deep.ended).toEqual([expect.objectContaining({ message: expect.stringMatching(/depth/i), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
  });

  it('limits active subscriptions per connection and per user', async () => {
    const account = await signUp(app);
    const first = subscriberOf(account);
    const held = [first.subscribe(MESSAGE_RECEIVED), first.subscribe(MESSAGE_RECEIVED), first.subscribe(MESSAGE_RECEIVED)];
    const fourth = first.subscribe(MESSAGE_RECEIVED);
    expect(await fourth.ended).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);

    const second = subscriberOf({ accessToken: (await logIn(app, account)).accessToken });
    const fourthOfUser = second.subscribe(MESSAGE_RECEIVED);
    const fifthOfUser = second.subscribe(MESSAGE_RECEIVED);
    expect(await fifthOfUser.ended).toEqual([expect.objectContaining({ message: expect.stringMatching(/per user/), extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);

    // Ending one frees its place.
    held[0].unsubscribe();
    fourthOfUser.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = first.subscribe(MESSAGE_RECEIVED);
    await again.nothingWithin(200);
    expect(held).toHaveLength(3);
  });

  it('closes every socket of a session with 4403 when it logs out, and leaves its other sessions open', async () => {
    const account = await signUp(app);
    const other = await logIn(app, account);
    const loggedOut = subscriberOf(account);
    const stays = subscriberOf(other);
    loggedOut.subscribe(MESSAGE_RECEIVED);
    const staying = stays.subscribe(MESSAGE_RECEIVED);
    await Promise.all([loggedOut.connected, stays.connected]);

    await post(baseUrl, `mutation($t: String) { logout(refreshToken: $t) }`, { t: account.refreshToken });

    expect((await loggedOut.closed).code).toBe(4403);
    const sender = await signUp(app);
    await post(baseUrl, SEND_MESSAGE, { input: { recipientId: account.id, content: 'still there?' } }, { authorization: `Bearer ${sender.accessToken}` });
    expect((await staying.next()).data?.messageReceived.content).toBe('still there?');
  });
});

describe('token expiry', () => {
  let shortApp: TestApp;
  let shortUrl: string;
  beforeAll(async () => {
    shortApp = await createTestApp(testConfig({ ACCESS_TOKEN_TTL_SECONDS: '6' }));
    shortUrl = await shortApp.listen();
  });
  afterAll(() => shortApp.stop());

  it('closes with 4403 when the access token expires, unless a fresh token came in a ping', async () => {
    const account = await signUp(shortApp);
    const expiring = openSubscriber(shortUrl, { authorization: `Bearer ${account.accessToken}` });
    const renewed = openSubscriber(shortUrl, { authorization: `Bearer ${account.accessToken}` });
    subscribers.push(expiring, renewed);
    const renewedEvents = renewed.subscribe(MESSAGE_RECEIVED);
    await Promise.all([expiring.connected, renewed.connected]);
    // Half-way through the first token's life: the fresh one outlives it by as much.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const fresh = (await exec(shortApp, `mutation($t: String) { refresh(refreshToken: $t) { accessToken } }`, { t: account.refreshToken })).expectData().refresh.accessToken;
    renewed.ping({ authorization: `Bearer ${fresh}` });

    expect((await expiring.closed).code).toBe(4403);
    // The first token has expired by now; the renewed socket lives on with the second one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sender = await signUp(shortApp);
    await exec(shortApp, SEND_MESSAGE, { input: { recipientId: account.id, content: 'renewed' } }, { token: sender.accessToken });
    expect((await renewedEvents.next()).data?.messageReceived.content).toBe('renewed');
  });
});

describe('account changes on an open connection', () => {
  it('closes the sockets of the other sessions on a password change, and keeps the current one', async () => {
    const account = await signUp(app);
    const other = await logIn(app, account);
    const current = subscriberOf(account);
    const elsewhere = subscriberOf(other);
    const staying = current.subscribe(MESSAGE_RECEIVED);
    elsewhere.subscribe(MESSAGE_RECEIVED);
    await Promise.all([current.connected, elsewhere.connected]);

    const changed = await post(baseUrl, `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { accessToken } }`, { i: { currentPassword: account.password, newPassword: 'another horse battery staple' } }, { authorization: `Bearer ${account.accessToken}` });

    expect(changed.status).toBe(200);
    expect((await elsewhere.closed).code).toBe(4403);
    const sender = await signUp(app);
    await exec(app, SEND_MESSAGE, { input: { recipientId: account.id, content: 'still here' } }, { token: sender.accessToken });
    expect((await staying.next()).data?.messageReceived.content).toBe('still here');
  });

  it('follows a change of school: the socket stays open, and the old school’s comments stop', async () => {
    const { author, reader, postId } = await communityWithPost();
    const socket = subscriberOf(reader);
    const onPost = socket.subscribe(COMMENT_ADDED, { postId });
    await socket.connected;
    await exec(app, CREATE_COMMENT, { input: { postId, content: 'before', isAnonymous: false } }, { token: author.accessToken });
    expect((await onPost.next()).data?.commentAdded.content).toBe('before');

    const elsewhere = await createCommunitySchool(app.db);
    // Membership is not self-service: STAFF move the reader to another school.
    const operator = await signUp(app);
    await app.db.user.update({ where: { id: operator.id }, data: { role: 'STAFF' } });
    const operatorToken = (await logIn(app, operator)).accessToken;
    const approved = await post(baseUrl, `mutation($u: ID!, $s: ID!) { approveMembership(userId: $u, schoolId: $s) { id } }`, { u: reader.id, s: elsewhere.id }, { authorization: `Bearer ${operatorToken}` });
    approved.expectData();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await exec(app, CREATE_COMMENT, { input: { postId, content: 'after', isAnonymous: false } }, { token: author.accessToken });

    await onPost.nothingWithin(500);
    const subscriber = await Promise.race([socket.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 100))]);
    expect(subscriber).toBe('open');
  });

  it('sends a blinded comment’s content as null, as post.comments does, and in full to STAFF', async () => {
    const { school, author, reader, postId } = await communityWithPost();
    const moderator = await signUp(app, { schoolId: school.id });
    await app.db.user.update({ where: { id: moderator.id }, data: { role: 'STAFF' } });
    const staffToken = (await logIn(app, moderator)).accessToken;
    const readerSocket = subscriberOf(reader);
    const staffSocket = subscriberOf({ accessToken: staffToken });
    const forReader = readerSocket.subscribe(`subscription($postId: ID!) { commentAdded(postId: $postId) { content isBlinded } }`, { postId });
    const forStaff = staffSocket.subscribe(`subscription($postId: ID!) { commentAdded(postId: $postId) { content isBlinded } }`, { postId });
    await Promise.all([readerSocket.connected, staffSocket.connected]);
    // Blinds the comment as it is written (as if reports had arrived before the event was read).
    await withTrigger('comments', `IF NEW.post_id = '${uuid(postId)}' THEN NEW.blinded_at := now(); END IF;`, () =>
      exec(app, CREATE_COMMENT, { input: { postId, content: 'reported words', isAnonymous: false } }, { token: author.accessToken }),
    );

    expect((await forReader.next()).data?.commentAdded).toEqual({ content: null, isBlinded: true });
    expect((await forStaff.next()).data?.commentAdded).toEqual({ content: 'reported words', isBlinded: true });
  });
});

describe('the outbox', () => {
  it('publishes an event whose writer never released it (a crash after commit), within seconds', async () => {
    const account = await signUp(app);
    const socket = subscriberOf(account);
    const notes = socket.subscribe(NOTIFICATION_ADDED);
    await socket.connected;
    const notification = await app.db.notification.create({ data: { userId: account.id, kind: 'HOT_POST' } });
    // As a committed transaction would have left it, had its instance died before releasing it.
    await app.db.outboxEvent.create({
      data: { topic: 'notification.added', payload: { notificationId: notification.id, userId: account.id }, createdAt: new Date(Date.now() - 60_000) },
    });

    expect((await notes.next(8000)).data?.notificationAdded).toMatchObject({ id: notification.id, kind: 'HOT_POST', actorDisplayName: null });
    expect(await app.db.outboxEvent.count({ where: { payload: { path: ['notificationId'], equals: notification.id } } })).toBe(0);
  });
});
