/**
 * Graceful shutdown with open sockets: readiness fails and new sockets are refused while the
 * server drains, an event being executed still reaches its subscriber, then every socket
 * closes with 1001 (going away).
 */
import { afterAll, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { exec } from '../helpers/graphql';
import { openRawSocket, openSubscriber, type Subscriber } from '../helpers/subscriber';
import { testConfig } from '../helpers/test-config';
import { createTestApp } from '../helpers/test-app';

const subscribers: Subscriber[] = [];
afterAll(() => Promise.allSettled(subscribers.map((s) => s.dispose())));

it('drains: not ready, no new sockets, in-flight events delivered, then 1001', async () => {
  const app = await createTestApp(testConfig());
  const baseUrl = await app.listen();
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const [author, reader] = [await member(app, school.id), await member(app, school.id)];
  const postId = (await exec(app, 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', { i: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: author.accessToken }))
    .expectData().createPost.id;
  const subscriber = openSubscriber(baseUrl, { authorization: `Bearer ${reader.accessToken}` });
  subscribers.push(subscriber);
  // viewerHasLiked reads comment_likes, which nothing else on this path touches: locking that
  // table holds the event's execution in flight.
  const comments = subscriber.subscribe(`subscription($p: ID!) { commentAdded(postId: $p) { content viewerHasLiked } }`, { p: postId });
  await subscriber.connected;
  const locker = new Client({ connectionString: app.config.db.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE comment_likes IN ACCESS EXCLUSIVE MODE');
    await exec(app, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, content: 'last words', isAnonymous: false } }, { token: author.accessToken });
    const deadline = Date.now() + 5000;
    while (app.subscriptions.operationsInFlight === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.subscriptions.operationsInFlight).toBe(1);

    const stopped = app.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ready = await fetch(`${baseUrl}/ready`);
    const refused = await openRawSocket(baseUrl).then(
      () => 'accepted',
      (error: { statusCode?: number }) => error.statusCode,
    );
    expect(ready.status).toBe(503);
    expect(refused).toBe(503);
    expect(comments.pending).toHaveLength(0);

    await locker.query('COMMIT');
    expect((await comments.next()).data?.commentAdded).toEqual({ content: 'last words', viewerHasLiked: false });
    expect((await subscriber.closed).code).toBe(1001);
    await stopped;
  } finally {
    await locker.end();
  }
});
