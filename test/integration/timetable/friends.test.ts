/**
 * Friends: requests between members of the same school (idempotent, race-free), lists,
 * blocking (hides requests and messages), and friendTimetable / Friend.primaryTimetable with
 * Timetable.visibility.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';
import { SEMESTER, addLecture, befriend, createLecture, createTimetable, schoolWithMembers, slot } from '../../helpers/timetable';

const SEND = 'mutation($u: ID, $n: String) { sendFriendRequest(userId: $u, username: $n) { status user { id } } }';
const ACCEPT = 'mutation($u: ID!) { acceptFriendRequest(userId: $u) { status user { id nickname } } }';
const DECLINE = 'mutation($u: ID!) { declineFriendRequest(userId: $u) }';
const REMOVE = 'mutation($u: ID!) { removeFriend(userId: $u) }';
const BLOCK = 'mutation($u: ID!) { blockUser(userId: $u) }';
const UNBLOCK = 'mutation($u: ID!) { unblockUser(userId: $u) }';
const FRIENDS = '{ friends { totalCount edges { node { since user { id } } } } }';
const REQUESTS = 'query($d: FriendRequestDirection!) { friendRequests(direction: $d) { totalCount edges { node { direction user { id } } } } }';
const FRIEND_TIMETABLE = 'query($u: ID!, $s: String!) { friendTimetable(userId: $u, semester: $s) { id name totalCredits lectures { id } } }';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ DATABASE_POOL_MAX: '8' }));
});
afterAll(() => app.stop());

const as = (account: TestAccount) => ({ token: account.accessToken });
const ids = (connection: { edges: { node: { user: { id: string } } }[] }) => connection.edges.map((e) => e.node.user.id);

describe('friend requests', () => {
  it('sends (by id or username), lists both directions, accepts, and lists friends on both sides', async () => {
    const { members: [a, b, c] } = await schoolWithMembers(app, 3);

    const sent = (await exec(app, SEND, { u: b.id }, as(a))).expectData().sendFriendRequest;
    const byName = (await exec(app, SEND, { n: c.username.toUpperCase() }, as(a))).expectData().sendFriendRequest;
    const outgoing = (await exec(app, REQUESTS, { d: 'OUTGOING' }, as(a))).expectData().friendRequests;
    const incoming = (await exec(app, REQUESTS, { d: 'INCOMING' }, as(b))).expectData().friendRequests;
    const accepted = (await exec(app, ACCEPT, { u: a.id }, as(b))).expectData().acceptFriendRequest;
    const acceptedAgain = (await exec(app, ACCEPT, { u: a.id }, as(b))).expectData().acceptFriendRequest;

    expect(sent).toEqual({ status: 'REQUEST_SENT', user: { id: b.id } });
    expect(byName.user.id).toBe(c.id);
    expect(new Set(ids(outgoing))).toEqual(new Set([b.id, c.id]));
    expect(outgoing.totalCount).toBe(2);
    expect(incoming.edges).toEqual([{ node: { direction: 'INCOMING', user: { id: a.id } } }]);
    expect(accepted.status).toBe('FRIENDS');
    expect(acceptedAgain.status).toBe('FRIENDS');
    expect(ids((await exec(app, FRIENDS, {}, as(a))).expectData().friends)).toEqual([b.id]);
    expect(ids((await exec(app, FRIENDS, {}, as(b))).expectData().friends)).toEqual([a.id]);
  });

  it('is idempotent: repeating a request changes nothing, and a request back accepts the first', async () => {
    const { members: [a, b] } = await schoolWithMembers(app, 2);

    (await exec(app, SEND, { u: b.id }, as(a))).expectData();
    const again = (await exec(app, SEND, { u: b.id }, as(a))).expectData().sendFriendRequest;
    const back = (await exec(app, SEND, { u: a.id }, as(b))).expectData().sendFriendRequest;

    expect(again.status).toBe('REQUEST_SENT');
    expect(back.status).toBe('FRIENDS');
    expect(await app.db.friendship.count({ where: { OR: [{ userLowId: a.id }, { userHighId: a.id }] } })).toBe(1);
  });

  it('ends as friends, in one row, when both send at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const { members: [a, b] } = await schoolWithMembers(app, 2);

      const [x, y] = await Promise.all([exec(app, SEND, { u: b.id }, as(a)), exec(app, SEND, { u: a.id }, as(b))]);

      x.expectData();
      y.expectData();
      const rows = await app.db.friendship.findMany({ where: { OR: [{ userLowId: a.id }, { userHighId: a.id }] } });
      expect(rows.map((r) => r.state)).toEqual(['ACCEPTED']);
    }
  });

  it('declines, withdraws and removes idempotently', async () => {
    const { members: [a, b, c] } = await schoolWithMembers(app, 3);
    await befriend(app, a, b);
    (await exec(app, SEND, { u: c.id }, as(a))).expectData();

    expect((await exec(app, DECLINE, { u: a.id }, as(c))).expectData().declineFriendRequest).toBe(true);
    expect((await exec(app, DECLINE, { u: a.id }, as(c))).expectData().declineFriendRequest).toBe(true);
    (await exec(app, ACCEPT, { u: a.id }, as(c))).expectError('NOT_FOUND');
    (await exec(app, SEND, { u: c.id }, as(a))).expectData();
    (await exec(app, REMOVE, { u: c.id }, as(a))).expectData();
    expect((await exec(app, REQUESTS, { d: 'INCOMING' }, as(c))).expectData().friendRequests.totalCount).toBe(0);
    (await exec(app, REMOVE, { u: a.id }, as(b))).expectData();
    (await exec(app, REMOVE, { u: a.id }, as(b))).expectData();
    expect((await exec(app, FRIENDS, {}, as(a))).expectData().friends.totalCount).toBe(0);
  });

  it('is only between members of the same school: anyone else is NOT_FOUND, like an unknown id', async () => {
    const { members: [a] } = await schoolWithMembers(app, 1);
    const { members: [stranger] } = await schoolWithMembers(app, 1);
    const loner = await signUp(app);

    const messages = [
      (await exec(app, SEND, { u: stranger.id }, as(a))).expectError('NOT_FOUND').message,
      (await exec(app, SEND, { n: stranger.username }, as(a))).expectError('NOT_FOUND').message,
      (await exec(app, SEND, { u: '00000000-0000-0000-0000-000000000000' }, as(a))).expectError('NOT_FOUND').message,
      (await exec(app, SEND, { u: a.id }, as(loner))).expectError('NOT_FOUND').message,
    ];

    expect(new Set(messages)).toEqual(new Set(['User not found']));
    (await exec(app, SEND, { u: a.id }, as(a))).expectError('BAD_USER_INPUT');
    (await exec(app, SEND, {}, as(a))).expectError('BAD_USER_INPUT');
    (await exec(app, SEND, { u: stranger.id, n: stranger.username }, as(a))).expectError('BAD_USER_INPUT');
  });

  it('answers any target with data or a client error (property)', async () => {
    const { members: [a, b] } = await schoolWithMembers(app, 2);
    await fc.assert(
      fc.asyncProperty(fc.option(fc.oneof(fc.string({ maxLength: 70 }), fc.constant(b.id)), { nil: undefined }), fc.option(fc.string({ maxLength: 70 }), { nil: undefined }), async (u, n) => {
        const result = await exec(app, SEND, { u, n }, as(a));
        if (result.errors) expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(result.errors[0].extensions?.code);
        for (const mutation of [ACCEPT, DECLINE, REMOVE, BLOCK, UNBLOCK]) {
          const other = await exec(app, mutation, { u: u ?? 'x' }, as(b));
          if (other.errors) expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(other.errors[0].extensions?.code);
        }
        await exec(app, UNBLOCK, { u: a.id }, as(b));
      }),
      { numRuns: 25 },
    );
  });
});

describe('blockUser', () => {
  it('ends the friendship, hides the blocked user\'s requests, and makes the blocker NOT_FOUND to them; unblock restores requests', async () => {
    const { members: [a, b] } = await schoolWithMembers(app, 2);
    await befriend(app, a, b);

    (await exec(app, BLOCK, { u: b.id }, as(a))).expectData();
    (await exec(app, BLOCK, { u: b.id }, as(a))).expectData();
    const friendsAfter = (await exec(app, FRIENDS, {}, as(a))).expectData().friends.totalCount;
    (await exec(app, SEND, { u: a.id }, as(b))).expectError('NOT_FOUND');
    (await exec(app, SEND, { u: b.id }, as(a))).expectError('BAD_USER_INPUT');
    // A request made before the block stays hidden while it lasts.
    await app.db.friendship.create({ data: { userLowId: a.id < b.id ? a.id : b.id, userHighId: a.id < b.id ? b.id : a.id, requesterId: b.id, state: 'PENDING' } });
    const hidden = (await exec(app, REQUESTS, { d: 'INCOMING' }, as(a))).expectData().friendRequests;
    (await exec(app, ACCEPT, { u: b.id }, as(a))).expectError('NOT_FOUND');
    (await exec(app, UNBLOCK, { u: b.id }, as(a))).expectData();
    const shown = (await exec(app, REQUESTS, { d: 'INCOMING' }, as(a))).expectData().friendRequests;

    expect(friendsAfter).toBe(0);
    expect(hidden.totalCount).toBe(0);
    expect(ids(shown)).toEqual([b.id]);
    (await exec(app, BLOCK, { u: a.id }, as(a))).expectError('BAD_USER_INPUT');
  });

  it("hides the blocked user's conversation and messages from the blocker, and refuses the blocker's own messages to them", async () => {
    const { members: [a, b, c] } = await schoolWithMembers(app, 3);
    const send = (from: TestAccount, to: TestAccount, content: string) =>
      exec(app, 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { conversation { id } } }', { i: { recipientId: to.id, content } }, as(from));
    const conversationId = (await send(b, a, '안녕')).expectData().sendMessage.conversation.id;
    (await send(c, a, '반가워')).expectData();
    const CONVERSATIONS = '{ conversations { totalCount edges { node { id } } } }';

    (await exec(app, BLOCK, { u: b.id }, as(a))).expectData();
    const unreadBefore = (await exec(app, '{ unreadNotificationCount }', {}, as(a))).expectData().unreadNotificationCount;
    (await send(b, a, '차단된 뒤에 보낸 쪽지')).expectData();
    const unreadAfter = (await exec(app, '{ unreadNotificationCount }', {}, as(a))).expectData().unreadNotificationCount;
    const whileBlocked = (await exec(app, CONVERSATIONS, {}, as(a))).expectData().conversations;
    (await exec(app, 'query($id: ID!) { messages(conversationId: $id) { totalCount } }', { id: conversationId }, as(a))).expectError('NOT_FOUND');
    (await send(a, b, '답장')).expectError('BAD_USER_INPUT');
    (await exec(app, UNBLOCK, { u: b.id }, as(a))).expectData();
    const afterUnblock = (await exec(app, CONVERSATIONS, {}, as(a))).expectData().conversations;

    expect(unreadAfter).toBe(unreadBefore);
    expect(whileBlocked.totalCount).toBe(1);
    expect(whileBlocked.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(conversationId);
    expect(afterUnblock.totalCount).toBe(2);
    expect(afterUnblock.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(conversationId);
    const messages = (await exec(app, 'query($id: ID!) { messages(conversationId: $id) { totalCount } }', { id: conversationId }, as(a))).expectData().messages;
    expect(messages.totalCount).toBe(2);
  });
});

describe('friendTimetable / Friend.primaryTimetable', () => {
  it("shows a friend's primary timetable unless private; strangers and missing timetables get the same NOT_FOUND", async () => {
    const { schoolId, members: [me, friend, stranger] } = await schoolWithMembers(app, 3);
    await befriend(app, me, friend);
    const lecture = await createLecture(app.db, { schoolId, credits: 3, slots: [slot('MON 09:00-10:15')] });
    const primary = await createTimetable(app, friend, '메인');
    await createTimetable(app, friend, '백업');
    await addLecture(app, friend, primary.id, lecture.id);
    const theirs = await createTimetable(app, stranger);
    const FRIEND_LIST = `query($s: String!) { friends { edges { node { user { id } primaryTimetable(semester: $s) { id totalCredits } } } } }`;

    const shown = (await exec(app, FRIEND_TIMETABLE, { u: friend.id, s: SEMESTER }, as(me))).expectData().friendTimetable;
    const listed = (await exec(app, FRIEND_LIST, { s: SEMESTER }, as(me))).expectData().friends.edges[0].node.primaryTimetable;
    const errors = [
      (await exec(app, FRIEND_TIMETABLE, { u: stranger.id, s: SEMESTER }, as(me))).expectError('NOT_FOUND').message,
      (await exec(app, FRIEND_TIMETABLE, { u: friend.id, s: '2026-2' }, as(me))).expectError('NOT_FOUND').message,
    ];
    (await exec(app, 'mutation($id: ID!) { setTimetableVisibility(id: $id, visibility: PRIVATE) { id } }', { id: primary.id }, as(friend))).expectData();
    errors.push((await exec(app, FRIEND_TIMETABLE, { u: friend.id, s: SEMESTER }, as(me))).expectError('NOT_FOUND').message);
    const listedPrivate = (await exec(app, FRIEND_LIST, { s: SEMESTER }, as(me))).expectData().friends.edges[0].node.primaryTimetable;

    expect(shown).toMatchObject({ id: primary.id, name: '메인', totalCredits: 3, lectures: [{ id: lecture.id }] });
    expect(listed).toEqual({ id: primary.id, totalCredits: 3 });
    expect(new Set(errors)).toEqual(new Set(['Timetable not found']));
    expect(listedPrivate).toBeNull();
    expect(theirs.id).toBeTruthy();
    (await exec(app, FRIEND_TIMETABLE, { u: friend.id, s: 'x' }, as(me))).expectError('BAD_USER_INPUT');
  });
});
