/**
 * Messages about anonymous posts and comments: keyed per post or per comment (never per
 * writer), the comment's 익명N kept, and no difference between a live and a deleted writer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { createSchool, unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

const CONVERSATION_FIELDS = 'id otherParticipant { id nickname } otherParticipantName isAnonymousToOther';
const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { id content senderName conversation { ${CONVERSATION_FIELDS} } }
}`;
const CREATE_POST = 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }';
const CREATE_COMMENT = 'mutation C($input: CreateCommentInput!) { createComment(input: $input) { id authorDisplayName } }';
const DELETE_ACCOUNT = 'mutation D($password: String!) { deleteAccount(password: $password) }';

type Sent = { id: string; content: string; senderName: string; conversation: { id: string; otherParticipant: { id: string } | null; otherParticipantName: string; isAnonymousToOther: boolean } };

const send = (from: TestAccount, input: Record<string, unknown>) => exec(app, SEND, { input }, { token: from.accessToken });
const sent = async (from: TestAccount, input: Record<string, unknown>): Promise<Sent> => (await send(from, input)).expectData().sendMessage;

async function community(...nicknames: string[]) {
  const school = await createSchool(app.db);
  const board = await app.db.board.create({ data: { schoolId: school.id, name: unique('board'), category: 'FREE' } });
  const members = await Promise.all(nicknames.map((nickname) => signUp(app, { nickname, schoolId: school.id })));
  const post = async (author: TestAccount, isAnonymous: boolean): Promise<string> =>
    (await exec(app, CREATE_POST, { input: { boardId: board.id, title: unique('t'), content: '내용', isAnonymous } }, { token: author.accessToken })).expectData().createPost.id;
  const comment = async (author: TestAccount, postId: string, isAnonymous: boolean): Promise<{ id: string; authorDisplayName: string }> =>
    (await exec(app, CREATE_COMMENT, { input: { postId, content: unique('c'), isAnonymous } }, { token: author.accessToken })).expectData().createComment;
  return { school, members, post, comment };
}

describe('sendMessage from an anonymous post', () => {
  it("puts two anonymous posts of one writer in two conversations, so the sender cannot tell they share a writer", async () => {
    const { members: [writer, reader], post } = await community('작성자', '독자');
    const first = await post(writer, true);
    const second = await post(writer, true);

    const a = await sent(reader, { postId: first, content: '첫 글에 대해' });
    const b = await sent(reader, { postId: second, content: '둘째 글에 대해' });

    expect(a.conversation.id).not.toBe(b.conversation.id);
    expect([a, b].map((m) => m.conversation)).toEqual([
      { id: a.conversation.id, otherParticipant: null, otherParticipantName: '익명', isAnonymousToOther: false },
      { id: b.conversation.id, otherParticipant: null, otherParticipantName: '익명', isAnonymousToOther: false },
    ]);
  });
});

describe('blocks and anonymous writers', () => {
  it("does not tell the sender that an anonymous post's writer is someone they blocked (answered as for anyone else)", async () => {
    const { members: [blocked, other, reader], post } = await community('차단된사람', '다른사람', '독자');
    (await exec(app, 'mutation($u: ID!) { blockUser(userId: $u) }', { u: blocked.id }, { token: reader.accessToken })).expectData();
    const byBlocked = await post(blocked, true);
    const byOther = await post(other, true);

    const toBlocked = await send(reader, { postId: byBlocked, content: '안녕하세요' });
    const toOther = await send(reader, { postId: byOther, content: '안녕하세요' });

    expect(toBlocked.errors).toBeUndefined();
    expect(toBlocked.expectData().sendMessage.conversation).toMatchObject({ otherParticipant: null, otherParticipantName: '익명' });
    expect({ ...toBlocked.data!.sendMessage.conversation, id: 'x' }).toEqual({ ...toOther.expectData().sendMessage.conversation, id: 'x' });
    // A named message to them is still refused.
    (await send(reader, { recipientId: blocked.id, content: '안녕' })).expectError('BAD_USER_INPUT');
  });
});

describe('sendMessage(commentId)', () => {
  it("writes to an anonymous comment's author as 익명N, in a conversation of its own per comment; the author answers with conversationId", async () => {
    const { members: [writer, commenter, reader], post, comment } = await community('글쓴사람', '댓글러', '독자');
    const postId = await post(writer, false);
    await comment(writer, postId, true); // 글쓴이
    const firstComment = await comment(commenter, postId, true);
    const secondComment = await comment(commenter, postId, true);
    expect([firstComment.authorDisplayName, secondComment.authorDisplayName]).toEqual(['익명1', '익명1']);

    const opened = await sent(reader, { commentId: firstComment.id, content: '댓글 보고 연락드려요' });
    const again = await sent(reader, { commentId: firstComment.id, content: '한 번 더' });
    const other = await sent(reader, { commentId: secondComment.id, content: '다른 댓글' });
    const replied = await sent(commenter, { conversationId: opened.conversation.id, content: '네' });

    expect(opened.conversation).toMatchObject({ otherParticipant: null, otherParticipantName: '익명1', isAnonymousToOther: false });
    expect(again.conversation.id).toBe(opened.conversation.id);
    expect(other.conversation.id).not.toBe(opened.conversation.id);
    expect(replied).toMatchObject({ senderName: '댓글러', conversation: { otherParticipant: { id: reader.id }, otherParticipantName: '독자', isAnonymousToOther: true } });
    // The reader's notification of that reply names the sender as the conversation does.
    const notified = (await exec(app, `query { notifications(first: 20) { edges { node { kind actorDisplayName conversation { id } } } } }`, {}, { token: reader.accessToken })).expectData();
    const aboutReply = notified.notifications.edges.map((e: { node: { kind: string; actorDisplayName: string; conversation: { id: string } | null } }) => e.node).filter((n: { conversation: { id: string } | null }) => n.conversation?.id === opened.conversation.id);
    expect(aboutReply.map((n: { actorDisplayName: string }) => n.actorDisplayName)).toEqual(['익명1']);
    const readerView = (await exec(app, `query { conversations { edges { node { id otherParticipantName lastMessage { senderName } } } } }`, {}, { token: reader.accessToken })).expectData();
    const seen = readerView.conversations.edges.find((e: { node: { id: string } }) => e.node.id === opened.conversation.id).node;
    expect(seen).toEqual({ id: opened.conversation.id, otherParticipantName: '익명1', lastMessage: { senderName: '익명1' } });
    expect(JSON.stringify(readerView)).not.toContain(commenter.id);
    expect(JSON.stringify(readerView)).not.toContain('댓글러');
    const row = await app.db.conversation.findUniqueOrThrow({ where: { id: opened.conversation.id } });
    expect(row).toMatchObject({ contextKey: `comment:${firstComment.id}`, anonymousUserId: commenter.id, commentId: firstComment.id, postId, anonymousName: '익명1' });
  });

  it("calls the post's author 글쓴이 when they commented anonymously", async () => {
    const { members: [writer, reader], post, comment } = await community('글쓴사람', '독자');
    const postId = await post(writer, true);
    const byWriter = await comment(writer, postId, true);

    const opened = await sent(reader, { commentId: byWriter.id, content: '글쓴이님께' });

    expect(byWriter.authorDisplayName).toBe('글쓴이');
    expect(opened.conversation).toMatchObject({ otherParticipant: null, otherParticipantName: '글쓴이' });
  });

  it("leads a named comment to the pair's named conversation and accepts its author (only) as recipientId", async () => {
    const { members: [commenter, reader, someoneElse], post, comment } = await community('실명댓글', '독자', '다른사람');
    const named = await comment(commenter, await post(someoneElse, false), false);
    const direct = await sent(reader, { recipientId: commenter.id, content: '그냥' });

    const viaComment = await sent(reader, { commentId: named.id, recipientId: commenter.id, content: '댓글 보고' });
    const wrong = await send(reader, { commentId: named.id, recipientId: someoneElse.id, content: '엉뚱' });

    expect(viaComment.conversation).toMatchObject({ id: direct.conversation.id, otherParticipant: { id: commenter.id }, otherParticipantName: '실명댓글' });
    expect(wrong.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'commentId', message: "is not the recipient's comment" }]);
  });

  it('cannot test guesses of who wrote an anonymous comment, and refuses own, deleted, invisible and combined targets', async () => {
    const { members: [commenter, reader, someoneElse], post, comment } = await community('익명댓글', '독자', '다른사람');
    const postId = await post(someoneElse, false);
    const anonymous = await comment(commenter, postId, true);
    const own = await comment(reader, postId, true);
    const deleted = await comment(commenter, postId, true);
    await app.db.comment.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    const { members: [outsider] } = await community('외부인');

    const right = await send(reader, { commentId: anonymous.id, recipientId: commenter.id, content: '혹시?' });
    const wrongGuess = await send(reader, { commentId: anonymous.id, recipientId: someoneElse.id, content: '혹시?' });
    expect(right.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'recipientId', message: 'must be omitted for an anonymous comment' }]);
    expect(JSON.stringify(right.errors)).toBe(JSON.stringify(wrongGuess.errors));

    expect((await send(reader, { commentId: own.id, content: '나에게' })).expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'commentId', message: 'is your own comment; reply with conversationId' },
    ]);
    const gone = await send(reader, { commentId: deleted.id, content: '삭제됨' });
    const hidden = await send(outsider, { commentId: anonymous.id, content: '남의 학교' });
    const unknown = await send(reader, { commentId: '00000000-0000-0000-0000-000000000000', content: '없음' });
    for (const result of [gone, hidden, unknown]) expect(result.expectError('NOT_FOUND').message).toBe('Comment not found');
    (await send(reader, { commentId: anonymous.id, postId, content: '둘 다' })).expectError('BAD_USER_INPUT');

    const conversations = await app.db.conversation.count({ where: { OR: [{ userLowId: reader.id }, { userHighId: reader.id }, { userLowId: outsider.id }, { userHighId: outsider.id }] } });
    expect(conversations).toBe(0);
  });
});

describe('a writer who deleted their account', () => {
  /** What a sender sees, minus ids and texts that differ by construction. */
  const shape = (result: Awaited<ReturnType<typeof send>>) => ({
    errors: result.errors,
    conversation: result.data?.sendMessage ? { ...result.data.sendMessage.conversation, id: 'x' } : null,
    senderName: result.data?.sendMessage?.senderName,
  });

  it('answers sendMessage(postId) to an anonymous post exactly as for a live writer (the message is stored, never read)', async () => {
    const { members: [live, gone, reader], post } = await community('살아있음', '탈퇴함', '독자');
    const livePost = await post(live, true);
    const gonePost = await post(gone, true);
    (await exec(app, DELETE_ACCOUNT, { password: gone.password }, { token: gone.accessToken })).expectData();

    const toLive = await send(reader, { postId: livePost, content: '안녕하세요' });
    const toGone = await send(reader, { postId: gonePost, content: '안녕하세요' });
    const replyToGone = await send(reader, { conversationId: toGone.expectData().sendMessage.conversation.id, content: '또' });
    const replyToLive = await send(reader, { conversationId: toLive.expectData().sendMessage.conversation.id, content: '또' });

    expect(shape(toGone)).toEqual(shape(toLive));
    expect(shape(replyToGone)).toEqual(shape(replyToLive));
    expect(await app.db.message.count({ where: { conversation: { anonymousUserId: gone.id } } })).toBe(2);
  });

  it('answers sendMessage(commentId) to an anonymous comment exactly as for a live writer', async () => {
    const { members: [live, gone, reader, writer], post, comment } = await community('살아있음', '탈퇴함', '독자', '글쓴이');
    const postId = await post(writer, false);
    const liveComment = await comment(live, postId, true);
    const goneComment = await comment(gone, postId, true);
    (await exec(app, DELETE_ACCOUNT, { password: gone.password }, { token: gone.accessToken })).expectData();

    const toLive = await send(reader, { commentId: liveComment.id, content: '안녕하세요' });
    const toGone = await send(reader, { commentId: goneComment.id, content: '안녕하세요' });

    expect(toLive.expectData().sendMessage.conversation.otherParticipantName).toBe('익명1');
    expect(toGone.expectData().sendMessage.conversation.otherParticipantName).toBe('익명2');
    expect({ ...shape(toGone), conversation: { ...shape(toGone).conversation, otherParticipantName: '-' } }).toEqual({
      ...shape(toLive),
      conversation: { ...shape(toLive).conversation, otherParticipantName: '-' },
    });
  });

  it('still answers NOT_FOUND for a named post or a recipientId of a deleted account (its deletion is public: it shows as "(deleted user)")', async () => {
    const { members: [gone, reader], post } = await community('탈퇴함', '독자');
    const namedPost = await post(gone, false);
    (await exec(app, DELETE_ACCOUNT, { password: gone.password }, { token: gone.accessToken })).expectData();

    (await send(reader, { postId: namedPost, content: '안녕' })).expectError('NOT_FOUND');
    (await send(reader, { recipientId: gone.id, content: '안녕' })).expectError('NOT_FOUND');
  });
});
