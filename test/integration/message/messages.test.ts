import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { createSchool, unique } from '../../helpers/factories';
import { exec, post } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';
import { encodeCursor } from '../../../src/shared/pagination';
import { noStorePlugin } from '../../../src/plugins/no-store';
import type { Context } from '../../../src/context';

// Role changes made in the database apply to the next request; SQL counts stay deterministic.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

const MESSAGE_FIELDS = 'id content isMine senderName createdAt';
const CONVERSATION_FIELDS = 'id updatedAt otherParticipant { id nickname } otherParticipantName isAnonymousToOther unreadCount';

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { ${MESSAGE_FIELDS} conversation { ${CONVERSATION_FIELDS} } }
}`;
const CONVERSATIONS = `query Conversations($first: Int, $after: String) {
  conversations(first: $first, after: $after) {
    edges { cursor node { ${CONVERSATION_FIELDS} lastMessage { ${MESSAGE_FIELDS} } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const MESSAGES = `query Messages($conversationId: ID!, $first: Int, $after: String) {
  messages(conversationId: $conversationId, first: $first, after: $after) {
    edges { cursor node { ${MESSAGE_FIELDS} conversation { id } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const MARK_READ = `mutation MarkRead($conversationId: ID!) { markConversationRead(conversationId: $conversationId) { id unreadCount updatedAt lastMessage { createdAt } } }`;

type Msg = { id: string; content: string; isMine: boolean; senderName: string; createdAt: string };
type Conv = {
  id: string;
  updatedAt: string;
  otherParticipant: { id: string; nickname: string } | null;
  otherParticipantName: string;
  isAnonymousToOther: boolean;
  unreadCount: number;
  lastMessage: Msg | null;
};

async function send(from: TestAccount, input: Record<string, unknown>) {
  return exec(app, SEND, { input }, { token: from.accessToken });
}

async function sent(from: TestAccount, input: Record<string, unknown>): Promise<Msg & { conversation: Conv }> {
  return (await send(from, input)).expectData().sendMessage;
}

async function conversationsOf(account: TestAccount, vars: { first?: number; after?: string } = {}) {
  return (await exec(app, CONVERSATIONS, vars, { token: account.accessToken })).expectData().conversations as {
    edges: { cursor: string; node: Conv }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

async function messagesOf(account: TestAccount, conversationId: string, vars: { first?: number; after?: string } = {}) {
  return (await exec(app, MESSAGES, { conversationId, ...vars }, { token: account.accessToken })).expectData().messages as {
    edges: { cursor: string; node: Msg & { conversation: { id: string } } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

/** What the database holds for the conversations of these accounts. */
async function stored(...accounts: TestAccount[]) {
  const ids = accounts.map((a) => a.id);
  const conversations = await app.db.conversation.findMany({ where: { OR: [{ userLowId: { in: ids } }, { userHighId: { in: ids } }] } });
  const messages = await app.db.message.count({ where: { conversationId: { in: conversations.map((c) => c.id) } } });
  return { conversations, messages };
}

/** A school with members (signed up with the school, so their sessions know it). */
async function schoolWith(...nicknames: string[]) {
  const school = await createSchool(app.db);
  const members = await Promise.all(nicknames.map((nickname) => signUp(app, { nickname, schoolId: school.id })));
  return { school, members };
}

/** A post written directly in the database (the post API is not what these tests are about). */
async function createPost(schoolId: string, author: TestAccount, options: { isAnonymous?: boolean; deletedAt?: Date } = {}) {
  const board = await app.db.board.create({ data: { schoolId, name: unique('board'), category: 'FREE' } });
  return app.db.post.create({
    data: { boardId: board.id, authorId: author.id, title: unique('title'), content: '쪽지 주세요', isAnonymous: options.isAnonymous ?? false, deletedAt: options.deletedAt ?? null },
  });
}

describe('sendMessage', () => {
  it('opens a conversation with the first message and continues it with the next, from either side', async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');

    const first = await sent(alice, { recipientId: bob.id, content: '  안녕하세요  ' });
    const second = await sent(alice, { recipientId: bob.id, content: '두 번째' });
    const reply = await sent(bob, { recipientId: alice.id, content: '반가워요' });
    const byConversation = await sent(alice, { conversationId: first.conversation.id, content: '네!' });

    expect(first).toMatchObject({
      content: '안녕하세요',
      isMine: true,
      senderName: '앨리스',
      conversation: { otherParticipant: { id: bob.id, nickname: '밥' }, otherParticipantName: '밥', isAnonymousToOther: false, unreadCount: 0 },
    });
    expect([second, reply, byConversation].map((m) => m.conversation.id)).toEqual([first.conversation.id, first.conversation.id, first.conversation.id]);
    expect(reply).toMatchObject({ isMine: true, senderName: '밥', conversation: { otherParticipantName: '앨리스' } });

    const page = await messagesOf(bob, first.conversation.id);
    expect(page.edges.map((e) => [e.node.content, e.node.isMine, e.node.senderName])).toEqual([
      ['네!', false, '앨리스'],
      ['반가워요', true, '밥'],
      ['두 번째', false, '앨리스'],
      ['안녕하세요', false, '앨리스'],
    ]);
    expect(page.totalCount).toBe(4);
    expect(page.edges.every((e) => e.node.conversation.id === first.conversation.id)).toBe(true);

    const { conversations, messages } = await stored(alice, bob);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).toMatchObject({ contextKey: '', anonymousUserId: null, postId: null });
    expect(conversations[0].lastMessageAt.toISOString()).toBe(byConversation.createdAt);
    expect(messages).toBe(4);
  });

  it('ends ten concurrent first messages between the same pair in one conversation', async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? send(alice, { recipientId: bob.id, content: `a${i}` }) : send(bob, { recipientId: alice.id, content: `b${i}` }))),
    );

    const conversationIds = new Set(results.map((r) => r.expectData().sendMessage.conversation.id));
    expect(conversationIds.size).toBe(1);
    const { conversations, messages } = await stored(alice, bob);
    expect(conversations).toHaveLength(1);
    expect(messages).toBe(10);
    expect((await messagesOf(alice, conversations[0].id)).totalCount).toBe(10);
  });

  it('refuses bad input with BAD_USER_INPUT or NOT_FOUND and writes nothing', async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');
    const cases: [Record<string, unknown>, string, unknown][] = [
      [{ recipientId: bob.id, content: '   ' }, 'BAD_USER_INPUT', [{ field: 'content', message: 'must be 1-1000 characters' }]],
      [{ recipientId: bob.id, content: '가'.repeat(1001) }, 'BAD_USER_INPUT', [{ field: 'content', message: 'must be 1-1000 characters' }]],
      [{ recipientId: alice.id, content: '나에게' }, 'BAD_USER_INPUT', [{ field: 'recipientId', message: 'cannot be yourself' }]],
      [{ content: '누구에게?' }, 'BAD_USER_INPUT', [{ field: 'recipientId', message: 'is required unless postId, commentId or conversationId is given' }]],
      [{ recipientId: randomUUID(), content: '없는 사람' }, 'NOT_FOUND', undefined],
      [{ recipientId: 'x'.repeat(65), content: '이상한 id' }, 'BAD_USER_INPUT', [{ field: 'recipientId', message: 'is not a valid id' }]],
      [{ conversationId: randomUUID(), content: '없는 대화' }, 'NOT_FOUND', undefined],
      [{ conversationId: randomUUID(), recipientId: bob.id, content: '둘 다' }, 'BAD_USER_INPUT', [{ field: 'conversationId', message: 'cannot be combined with recipientId, postId or commentId' }]],
    ];

    for (const [input, code, fields] of cases) {
      const error = (await send(alice, input)).expectError(code);
      expect(error.extensions?.fields).toEqual(fields);
      expect(JSON.stringify(error)).not.toContain('가가가');
    }

    expect(await stored(alice, bob)).toEqual({ conversations: [], messages: 0 });
  });

  it('accepts exactly 1000 characters, counted as characters', async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');

    const message = await sent(alice, { recipientId: bob.id, content: '😀'.repeat(1000) });

    expect([...message.content]).toHaveLength(1000);
  });

  it('refuses to write to a deleted account', async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');
    const { conversation } = await sent(alice, { recipientId: bob.id, content: '안녕' });
    (await exec(app, 'mutation($p: String!) { deleteAccount(password: $p) }', { p: bob.password }, { token: bob.accessToken })).expectData();

    (await send(alice, { recipientId: bob.id, content: '여보세요?' })).expectError('NOT_FOUND');
    (await send(alice, { conversationId: conversation.id, content: '여보세요?' })).expectError('NOT_FOUND');

    const [edge] = (await conversationsOf(alice)).edges;
    expect(edge.node).toMatchObject({ otherParticipantName: '(deleted user)', otherParticipant: { id: bob.id, nickname: '(deleted user)' } });
    expect((await messagesOf(alice, conversation.id)).totalCount).toBe(1);
  });
});

describe('messages from a post', () => {
  it("keeps an anonymous post's author anonymous, in a conversation separate from the pair's named one", async () => {
    const { school, members: [author, reader] } = await schoolWith('글쓴이닉', '독자');
    const anonymousPost = await createPost(school.id, author, { isAnonymous: true });
    const named = await sent(reader, { recipientId: author.id, content: '이름 있는 대화' });

    // The reader cannot know the author's id: the post alone names the recipient.
    const opened = await sent(reader, { postId: anonymousPost.id, content: '글 보고 연락드려요' });
    const replied = await sent(author, { conversationId: opened.conversation.id, content: '네 말씀하세요' });
    const again = await sent(reader, { postId: anonymousPost.id, content: '한 번 더' });

    expect(opened.conversation.id).not.toBe(named.conversation.id);
    expect([replied, again].map((m) => m.conversation.id)).toEqual([opened.conversation.id, opened.conversation.id]);
    expect(opened.conversation).toMatchObject({ otherParticipant: null, otherParticipantName: '익명', isAnonymousToOther: false });
    expect(replied).toMatchObject({ senderName: '글쓴이닉', conversation: { otherParticipant: { id: reader.id }, otherParticipantName: '독자', isAnonymousToOther: true } });

    // The reader's side: the author is 익명 everywhere, and their id appears nowhere.
    const readerResult = await exec(app, CONVERSATIONS, {}, { token: reader.accessToken });
    const readerConversations = readerResult.expectData().conversations.edges.map((e: { node: Conv }) => e.node);
    const anonymous = readerConversations.find((c: Conv) => c.id === opened.conversation.id);
    expect(anonymous).toMatchObject({ otherParticipant: null, otherParticipantName: '익명', isAnonymousToOther: false, lastMessage: { content: '한 번 더', senderName: '독자' } });
    const readerMessages = await exec(app, MESSAGES, { conversationId: opened.conversation.id }, { token: reader.accessToken });
    expect(readerMessages.expectData().messages.edges.map((e: { node: Msg }) => [e.node.senderName, e.node.isMine])).toEqual([
      ['독자', true],
      ['익명', false],
      ['독자', true],
    ]);
    expect(JSON.stringify(readerMessages.data)).not.toContain(author.id);
    const namedSeenByReader = readerConversations.find((c: Conv) => c.id === named.conversation.id);
    expect(namedSeenByReader).toMatchObject({ otherParticipant: { id: author.id }, otherParticipantName: '글쓴이닉' });
    expect(JSON.stringify(anonymous)).not.toContain(author.id);
    expect(JSON.stringify(anonymous)).not.toContain('글쓴이닉');

    // The author's side: they see who wrote to them, and that they are hidden.
    const authorSide = (await conversationsOf(author)).edges.find((e) => e.node.id === opened.conversation.id)!.node;
    expect(authorSide).toMatchObject({ otherParticipant: { id: reader.id, nickname: '독자' }, otherParticipantName: '독자', isAnonymousToOther: true });

    const row = await app.db.conversation.findUniqueOrThrow({ where: { id: opened.conversation.id } });
    expect(row).toMatchObject({ anonymousUserId: author.id, contextKey: `post:${anonymousPost.id}`, postId: anonymousPost.id, anonymousName: '익명' });
  });

  it('cannot be used to test guesses of who wrote an anonymous post', async () => {
    const { school, members: [author, reader, someoneElse] } = await schoolWith('글쓴이닉', '독자', '다른사람');
    const anonymousPost = await createPost(school.id, author, { isAnonymous: true });

    const rightGuess = await send(reader, { postId: anonymousPost.id, recipientId: author.id, content: '혹시 당신?' });
    const wrongGuess = await send(reader, { postId: anonymousPost.id, recipientId: someoneElse.id, content: '혹시 당신?' });

    expect(rightGuess.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'recipientId', message: 'must be omitted for an anonymous post' }]);
    expect(JSON.stringify(rightGuess.errors)).toBe(JSON.stringify(wrongGuess.errors));
    expect(await stored(author, reader, someoneElse)).toEqual({ conversations: [], messages: 0 });
  });

  it("accepts a named post's author as recipientId, and no one else", async () => {
    const { school, members: [author, reader, someoneElse] } = await schoolWith('글쓴이닉', '독자', '다른사람');
    const namedPost = await createPost(school.id, author);

    const wrong = await send(reader, { postId: namedPost.id, recipientId: someoneElse.id, content: '엉뚱한 사람' });
    const right = await sent(reader, { postId: namedPost.id, recipientId: author.id, content: '글 보고 연락드려요' });

    expect(wrong.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'postId', message: "is not the recipient's post" }]);
    expect(right.conversation).toMatchObject({ otherParticipant: { id: author.id }, otherParticipantName: '글쓴이닉', isAnonymousToOther: false });
    expect(await app.db.conversation.findUniqueOrThrow({ where: { id: right.conversation.id } })).toMatchObject({ contextKey: '', anonymousUserId: null, postId: namedPost.id });
  });

  it("gives each anonymous post its own conversation (never one per writer, which would group a writer's posts), and a named post leads to the pair's named conversation", async () => {
    const { school, members: [author, reader] } = await schoolWith('글쓴이닉', '독자');
    const first = await createPost(school.id, author, { isAnonymous: true });
    const second = await createPost(school.id, author, { isAnonymous: true });
    const namedPost = await createPost(school.id, author);
    const readersPost = await createPost(school.id, reader, { isAnonymous: true });

    const a = await sent(reader, { postId: first.id, content: '첫 글' });
    const b = await sent(reader, { postId: second.id, content: '둘째 글' });
    const c = await sent(reader, { postId: namedPost.id, content: '실명 글' });
    const d = await sent(reader, { recipientId: author.id, content: '그냥' });
    const e = await sent(author, { postId: readersPost.id, content: '독자의 익명 글' });

    const againFirst = await sent(reader, { postId: first.id, content: '첫 글 다시' });

    expect(b.conversation.id).not.toBe(a.conversation.id);
    expect(againFirst.conversation.id).toBe(a.conversation.id);
    expect(d.conversation.id).toBe(c.conversation.id);
    expect(c.conversation).toMatchObject({ otherParticipantName: '글쓴이닉', otherParticipant: { id: author.id } });
    expect(new Set([a.conversation.id, b.conversation.id, c.conversation.id, e.conversation.id]).size).toBe(4);
    expect(e.conversation).toMatchObject({ otherParticipant: null, otherParticipantName: '익명' });
    expect((await stored(author, reader)).conversations).toHaveLength(4);
  });

  it('refuses posts the viewer cannot see and their own post, writing nothing', async () => {
    const { school, members: [author, reader, third] } = await schoolWith('글쓴이닉', '독자', '제삼자');
    const elsewhere = await schoolWith('다른학교');
    const foreignPost = await createPost(elsewhere.school.id, elsewhere.members[0], { isAnonymous: true });
    const deletedPost = await createPost(school.id, author, { deletedAt: new Date() });
    const ownPost = await createPost(school.id, reader, { isAnonymous: true });

    const notFound = [
      await send(reader, { postId: foreignPost.id, content: '다른 학교' }),
      await send(reader, { postId: deletedPost.id, content: '삭제된 글' }),
      await send(reader, { postId: randomUUID(), content: '없는 글' }),
    ];
    const own = await send(reader, { postId: ownPost.id, content: '내 글' });

    const bodies = notFound.map((r) => JSON.stringify(r.expectError('NOT_FOUND')));
    expect(new Set(bodies).size).toBe(1);
    expect(own.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'postId', message: 'is your own post; reply with conversationId' }]);
    expect(await stored(author, reader, third, elsewhere.members[0])).toEqual({ conversations: [], messages: 0 });
  });

  it("lets STAFF write from any school's post", async () => {
    const { school, members: [author] } = await schoolWith('글쓴이닉');
    const staff = await signUp(app, { nickname: '운영자' });
    await app.db.user.update({ where: { id: staff.id }, data: { role: 'STAFF' } });
    const post = await createPost(school.id, author, { isAnonymous: true });

    const message = await sent(staff, { postId: post.id, content: '운영진입니다' });

    expect(message.conversation).toMatchObject({ otherParticipant: null, otherParticipantName: '익명' });
  });
});

describe("someone else's conversation", () => {
  it('does not exist for a third user: NOT_FOUND byte-identical to an unknown id, and nothing listed', async () => {
    const { members: [alice, bob, mallory] } = await schoolWith('앨리스', '밥', '말로리');
    const { conversation } = await sent(alice, { recipientId: bob.id, content: '비밀' });
    const before = await app.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    const unknownId = randomUUID();

    const attempts = [
      [MESSAGES, (id: string) => ({ conversationId: id })],
      [MARK_READ, (id: string) => ({ conversationId: id })],
      [SEND, (id: string) => ({ input: { conversationId: id, content: '끼어들기' } })],
    ] as const;
    for (const [document, vars] of attempts) {
      const foreign = await exec(app, document, vars(conversation.id), { token: mallory.accessToken });
      const unknown = await exec(app, document, vars(unknownId), { token: mallory.accessToken });
      foreign.expectError('NOT_FOUND');
      expect(JSON.stringify({ data: foreign.data, errors: foreign.errors })).toBe(JSON.stringify({ data: unknown.data, errors: unknown.errors }));
      expect(JSON.stringify(foreign.errors)).not.toContain('비밀');
    }

    expect(await conversationsOf(mallory)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
    expect(await app.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toEqual(before);
    expect(await app.db.message.count({ where: { conversationId: conversation.id } })).toBe(1);
  });

  it('refuses every operation to an anonymous caller', async () => {
    for (const [document, vars] of [
      [CONVERSATIONS, {}],
      [MESSAGES, { conversationId: randomUUID() }],
      [MARK_READ, { conversationId: randomUUID() }],
      [SEND, { input: { recipientId: randomUUID(), content: '익명 호출' } }],
    ] as const) {
      (await exec(app, document, vars)).expectError('UNAUTHENTICATED');
    }
  });
});

describe('unread counts and markConversationRead', () => {
  it("counts the other participant's messages since the viewer's last read; sending or marking read clears them", async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');
    const { conversation } = await sent(alice, { recipientId: bob.id, content: '1' });
    await sent(alice, { conversationId: conversation.id, content: '2' });
    const last = await sent(alice, { conversationId: conversation.id, content: '3' });
    const unread = async (account: TestAccount) => (await conversationsOf(account)).edges[0].node.unreadCount;

    expect([await unread(alice), await unread(bob)]).toEqual([0, 3]);

    const marked = (await exec(app, MARK_READ, { conversationId: conversation.id }, { token: bob.accessToken })).expectData();
    expect(marked.markConversationRead).toEqual({ id: conversation.id, unreadCount: 0, updatedAt: last.createdAt, lastMessage: { createdAt: last.createdAt } });
    expect(await unread(bob)).toBe(0);

    await sent(alice, { conversationId: conversation.id, content: '4' });
    expect(await unread(bob)).toBe(1);

    await sent(bob, { conversationId: conversation.id, content: '답장' });
    expect([await unread(alice), await unread(bob)]).toEqual([1, 0]);
  });
});

describe('pagination', () => {
  it('pages messages newest first with cursors, and conversations by their last message', async () => {
    const { members: [alice, bob, carol, dave] } = await schoolWith('앨리스', '밥', '캐롤', '데이브');
    const { conversation } = await sent(alice, { recipientId: bob.id, content: 'm0' });
    for (let i = 1; i < 5; i++) await sent(i % 2 ? bob : alice, { conversationId: conversation.id, content: `m${i}` });
    await sent(carol, { recipientId: alice.id, content: '캐롤' });
    await sent(alice, { recipientId: dave.id, content: '데이브' });

    const one = await messagesOf(alice, conversation.id, { first: 2 });
    const two = await messagesOf(alice, conversation.id, { first: 2, after: one.pageInfo.endCursor! });
    const three = await messagesOf(alice, conversation.id, { first: 2, after: two.pageInfo.endCursor! });
    expect([one, two, three].map((p) => p.edges.map((e) => e.node.content))).toEqual([['m4', 'm3'], ['m2', 'm1'], ['m0']]);
    expect([one, two, three].map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(three.totalCount).toBe(5);

    const firstPage = await conversationsOf(alice, { first: 2 });
    const secondPage = await conversationsOf(alice, { first: 2, after: firstPage.pageInfo.endCursor! });
    const names = [...firstPage.edges, ...secondPage.edges].map((e) => e.node.otherParticipantName);
    expect(names).toEqual(['데이브', '캐롤', '밥']);
    expect([firstPage.pageInfo.hasNextPage, secondPage.pageInfo.hasNextPage, firstPage.totalCount]).toEqual([true, false, 3]);
    const updated = [...firstPage.edges, ...secondPage.edges].map((e) => e.node.updatedAt);
    expect([...updated].sort().reverse()).toEqual(updated);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['the wrong arity', encodeCursor(['2026-01-01T00:00:00.000Z'])],
    ['the wrong types', encodeCursor([1, 2])],
    ['an invalid date', encodeCursor(['yesterday', 'x'])],
  ])('refuses a cursor that is %s with BAD_USER_INPUT naming after', async (_case, after) => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');
    const { conversation } = await sent(alice, { recipientId: bob.id, content: '안녕' });

    const messages = await exec(app, MESSAGES, { conversationId: conversation.id, after }, { token: alice.accessToken });
    const conversations = await exec(app, CONVERSATIONS, { after }, { token: alice.accessToken });

    for (const result of [messages, conversations]) {
      expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
    }
  });

  it('refuses a page size out of range', async () => {
    const { members: [alice] } = await schoolWith('앨리스');

    for (const first of [0, 101]) {
      expect((await exec(app, CONVERSATIONS, { first }, { token: alice.accessToken })).expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
        { field: 'first', message: first === 0 ? 'must be at least 1' : 'must be at most 100' },
      ]);
    }
  });
});

describe('batching', () => {
  const BATCHED = `query { conversations(first: 20) { edges { node { lastMessage { id } unreadCount otherParticipant { nickname } } } } }`;

  async function viewerWithConversations(count: number) {
    const { members: [viewer, ...others] } = await schoolWith('나', ...Array.from({ length: count }, (_, i) => `상대${i}`));
    for (const [i, other] of others.entries()) {
      await sent(other, { recipientId: viewer.id, content: `안녕 ${i}` });
      if (i % 2) await sent(viewer, { recipientId: other.id, content: `답장 ${i}` });
    }
    return viewer;
  }

  it('sends the same number of SQL statements for 2 and for 8 conversations', async () => {
    const small = await viewerWithConversations(2);
    const large = await viewerWithConversations(8);

    const two = await exec(app, BATCHED, {}, { token: small.accessToken });
    const eight = await exec(app, BATCHED, {}, { token: large.accessToken });
    const authOnly = await exec(app, '{ __typename }', {}, { token: small.accessToken });

    expect(two.expectData().conversations.edges).toHaveLength(2);
    expect(eight.expectData().conversations.edges).toHaveLength(8);
    expect(eight.expectData().conversations.edges.every((e: { node: { lastMessage: unknown } }) => e.node.lastMessage)).toBe(true);
    expect(eight.sqlStatements).toBe(two.sqlStatements);
    // Beyond the session check: the viewer's blocks, the page, last messages, unread counts, users.
    expect(two.sqlStatements! - authOnly.sqlStatements!).toBe(5);
  });

  it('sends the same number of SQL statements for a page of 2 and of 8 messages', async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');
    const { conversation } = await sent(alice, { recipientId: bob.id, content: '0' });
    for (let i = 1; i < 8; i++) await sent(i % 2 ? bob : alice, { conversationId: conversation.id, content: `${i}` });
    const page = (first: number) =>
      exec(app, `query($id: ID!, $first: Int) { messages(conversationId: $id, first: $first) {
        edges { node { isMine senderName conversation { otherParticipantName lastMessage { id } unreadCount } } } } }`, { id: conversation.id, first }, { token: alice.accessToken });

    const two = await page(2);
    const eight = await page(8);

    expect(eight.expectData().messages.edges).toHaveLength(8);
    expect(eight.sqlStatements).toBe(two.sqlStatements);
  });
});

describe('Cache-Control: no-store (docs/security.md C4)', () => {
  it('is set by the plugin on responses that touch messages, and only on those', async () => {
    const { members: [alice, bob] } = await schoolWith('앨리스', '밥');
    const { conversation } = await sent(alice, { recipientId: bob.id, content: '캐시 금지' });
    const server = new ApolloServer<Context>({ schema: app.schema, plugins: [ApolloServerPluginCacheControlDisabled(), noStorePlugin()] });
    await server.start();
    try {
      const run = async (query: string) =>
        server.executeOperation({ query }, { contextValue: await app.contextFor(`Bearer ${alice.accessToken}`) });

      const touching = [
        '{ conversations { edges { node { lastMessage { content } } } } }',
        '{ conversations { totalCount } }',
        `{ messages(conversationId: "${conversation.id}") { totalCount } }`,
        `mutation { markConversationRead(conversationId: "${conversation.id}") { id } }`,
        `mutation { sendMessage(input: { conversationId: "${conversation.id}", content: "또" }) { id } }`,
      ];
      for (const query of touching) expect((await run(query)).http.headers.get('cache-control')).toBe('no-store');
      expect((await run('{ me { id } }')).http.headers.get('cache-control')).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  describe('over HTTP (needs noStorePlugin() in createApp)', () => {
    let baseUrl: string;
    beforeAll(async () => {
      baseUrl = await app.listen();
    });

    it('answers a conversations query with cache-control: no-store', async () => {
      const { members: [alice, bob] } = await schoolWith('앨리스', '밥');
      await sent(alice, { recipientId: bob.id, content: '캐시 금지' });

      const response = await post(baseUrl, '{ conversations { edges { node { lastMessage { content } } } } }', {}, { authorization: `Bearer ${bob.accessToken}` });

      expect(response.status).toBe(200);
      expect(response.expectData().conversations.edges).toHaveLength(1);
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  });
});
