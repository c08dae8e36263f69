/**
 * Idempotency keys of createPost, createComment, sendMessage and createTask (docs/security.md I5, scenario 8c):
 * a retry with the caller's key returns the object the key created and creates nothing,
 * concurrent calls with one key create one row, another user's equal key is unrelated, and a
 * key reused with other fields is CONFLICT on `idempotencyKey`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec, post } from '../../helpers/graphql';
import { CREATE_TASK, createProject } from '../../helpers/projects';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const SEND = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id content conversation { id } } }';
const CREATE_POST = 'mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { id title content isAnonymous } }';
const DELETE_POST = 'mutation DeletePost($id: ID!) { deletePost(id: $id) }';
const CREATE_COMMENT = 'mutation CreateComment($input: CreateCommentInput!) { createComment(input: $input) { id content authorDisplayName post { id commentCount } } }';
const DELETE_COMMENT = 'mutation DeleteComment($id: ID!) { deleteComment(id: $id) }';
const DELETE_TASK = 'mutation DeleteTask($id: ID!) { deleteTask(id: $id) }';

let app: TestApp;
let baseUrl: string;
let schoolId: string;
let boardId: string;
beforeAll(async () => {
  app = await createTestApp(testConfig());
  baseUrl = await app.listen();
  schoolId = (await createCommunitySchool(app.db)).id;
  boardId = (await createBoard(app.db, { schoolId })).id;
});
afterAll(() => app.stop());

const bearer = (account: TestAccount) => ({ authorization: `Bearer ${account.accessToken}` });

async function messagesWithKey(sender: TestAccount, key: string) {
  return app.db.message.findMany({ where: { senderId: sender.id, idempotencyKey: key } });
}

describe('sendMessage with an idempotency key', () => {
  it('sends one message for five concurrent calls and a later retry, all answered with its id (scenario 8c)', async () => {
    const [alice, bob] = [await member(app, schoolId), await member(app, schoolId)];
    const key = randomUUID();
    const input = { recipientId: bob.id, content: '한 번만 보내져야 해요', idempotencyKey: key };

    const concurrent = await Promise.all(Array.from({ length: 5 }, () => post(baseUrl, SEND, { input }, bearer(alice))));
    const later = await post(baseUrl, SEND, { input }, bearer(alice));

    const responses = [...concurrent, later];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const ids = responses.map((r) => r.expectData().sendMessage.id);
    expect(new Set(ids).size).toBe(1);
    const stored = await messagesWithKey(alice, key);
    expect(stored.map((m) => m.id)).toEqual([ids[0]]);
    // The losers rolled their conversation update back: one conversation, one message in it.
    const conversationId = responses[0].expectData().sendMessage.conversation.id;
    expect(await app.db.message.count({ where: { conversationId } })).toBe(1);
  });

  it('sends one message when ten calls with one key race inside the server (the losers’ inserts skip)', async () => {
    const [alice, bob] = [await member(app, schoolId), await member(app, schoolId)];
    const key = randomUUID();
    const input = { recipientId: bob.id, content: '경쟁', idempotencyKey: key };

    // In-process calls start together, so most pass the look-up before the first insert commits.
    const responses = await Promise.all(Array.from({ length: 10 }, () => exec(app, SEND, { input }, { token: alice.accessToken })));

    expect(new Set(responses.map((r) => r.expectData().sendMessage.id)).size).toBe(1);
    expect((await messagesWithKey(alice, key)).length).toBe(1);
    expect(await app.db.message.count({ where: { senderId: alice.id } })).toBe(1);
  });

  it('treats the same key from another sender as a different message', async () => {
    const [alice, bob, carol] = [await member(app, schoolId), await member(app, schoolId), await member(app, schoolId)];
    const key = randomUUID();

    const fromAlice = (await exec(app, SEND, { input: { recipientId: carol.id, content: '안녕', idempotencyKey: key } }, { token: alice.accessToken })).expectData();
    const fromBob = (await exec(app, SEND, { input: { recipientId: carol.id, content: '안녕', idempotencyKey: key } }, { token: bob.accessToken })).expectData();

    expect(fromAlice.sendMessage.id).not.toBe(fromBob.sendMessage.id);
    expect((await messagesWithKey(alice, key)).length).toBe(1);
    expect((await messagesWithKey(bob, key)).length).toBe(1);
  });

  it('refuses a key reused with other fields as CONFLICT on idempotencyKey, sending nothing', async () => {
    const [alice, bob, carol] = [await member(app, schoolId), await member(app, schoolId), await member(app, schoolId)];
    const key = randomUUID();
    (await exec(app, SEND, { input: { recipientId: bob.id, content: '첫 메시지', idempotencyKey: key } }, { token: alice.accessToken })).expectData();

    const otherContent = await exec(app, SEND, { input: { recipientId: bob.id, content: '다른 내용', idempotencyKey: key } }, { token: alice.accessToken });
    const otherRecipient = await exec(app, SEND, { input: { recipientId: carol.id, content: '첫 메시지', idempotencyKey: key } }, { token: alice.accessToken });

    for (const response of [otherContent, otherRecipient]) {
      expect(response.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'idempotencyKey', message: 'was already used with different fields' }]);
    }
    expect(await app.db.message.count({ where: { senderId: alice.id } })).toBe(1);
    expect(await app.db.conversation.count({ where: { OR: [{ userLowId: carol.id }, { userHighId: carol.id }] } })).toBe(0);
  });

  it('sends every call without a key, as before', async () => {
    const [alice, bob] = [await member(app, schoolId), await member(app, schoolId)];
    const input = { recipientId: bob.id, content: '두 번' };

    const first = (await exec(app, SEND, { input }, { token: alice.accessToken })).expectData();
    const second = (await exec(app, SEND, { input }, { token: alice.accessToken })).expectData();

    expect(first.sendMessage.id).not.toBe(second.sendMessage.id);
    expect(await app.db.message.count({ where: { senderId: alice.id, idempotencyKey: null } })).toBe(2);
  });
});

describe('createPost with an idempotency key', () => {
  it('returns the post the key created on a retry, and creates nothing', async () => {
    const author = await member(app, schoolId);
    const input = { boardId, title: '재시도해도 하나', content: '본문', isAnonymous: true, idempotencyKey: 'post-01HZX3' };

    const first = (await exec(app, CREATE_POST, { input }, { token: author.accessToken })).expectData().createPost;
    const retry = (await exec(app, CREATE_POST, { input }, { token: author.accessToken })).expectData().createPost;

    expect(retry).toEqual(first);
    expect(await app.db.post.count({ where: { authorId: author.id } })).toBe(1);
  });

  it('creates one post for concurrent calls with one key', async () => {
    const author = await member(app, schoolId);
    const input = { boardId, title: '동시에', content: '본문', idempotencyKey: randomUUID() };

    const responses = await Promise.all(Array.from({ length: 5 }, () => exec(app, CREATE_POST, { input }, { token: author.accessToken })));

    expect(new Set(responses.map((r) => r.expectData().createPost.id)).size).toBe(1);
    expect(await app.db.post.count({ where: { authorId: author.id } })).toBe(1);
  });

  it('keeps different authors’ equal keys apart', async () => {
    const [first, second] = [await member(app, schoolId), await member(app, schoolId)];
    const input = { boardId, title: '같은 키', content: '본문', idempotencyKey: 'shared-key' };

    const a = (await exec(app, CREATE_POST, { input }, { token: first.accessToken })).expectData().createPost;
    const b = (await exec(app, CREATE_POST, { input }, { token: second.accessToken })).expectData().createPost;

    expect(a.id).not.toBe(b.id);
    expect(await app.db.post.count({ where: { authorId: { in: [first.id, second.id] } } })).toBe(2);
  });

  it('refuses a key reused with other fields as CONFLICT on idempotencyKey', async () => {
    const author = await member(app, schoolId);
    const input = { boardId, title: '원래 제목', content: '본문', idempotencyKey: randomUUID() };
    (await exec(app, CREATE_POST, { input }, { token: author.accessToken })).expectData();

    const changed = await exec(app, CREATE_POST, { input: { ...input, title: '바뀐 제목' } }, { token: author.accessToken });
    const nowAnonymous = await exec(app, CREATE_POST, { input: { ...input, isAnonymous: true } }, { token: author.accessToken });

    expect(changed.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'idempotencyKey', message: 'was already used with different fields' }]);
    expect(nowAnonymous.expectError('CONFLICT').message).toBe('idempotencyKey was already used with different fields');
    expect(await app.db.post.count({ where: { authorId: author.id } })).toBe(1);
  });

  it('answers a retry for a post deleted since with NOT_FOUND, creating nothing', async () => {
    const author = await member(app, schoolId);
    const input = { boardId, title: '지울 글', content: '본문', idempotencyKey: randomUUID() };
    const created = (await exec(app, CREATE_POST, { input }, { token: author.accessToken })).expectData().createPost;
    (await exec(app, DELETE_POST, { id: created.id }, { token: author.accessToken })).expectData();

    (await exec(app, CREATE_POST, { input }, { token: author.accessToken })).expectError('NOT_FOUND');

    expect(await app.db.post.count({ where: { authorId: author.id } })).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['101 characters', 'k'.repeat(101)],
    ['a space', 'two words'],
    ['a non-ASCII character', '키-1'],
    ['a control character', 'key\u0007'],
  ])('refuses a key that is %s as BAD_USER_INPUT naming the field', async (_case, idempotencyKey) => {
    const author = await member(app, schoolId);

    const response = await exec(app, CREATE_POST, { input: { boardId, title: '글', content: '본문', idempotencyKey } }, { token: author.accessToken });

    expect(response.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'idempotencyKey', message: 'must be 1-100 printable ASCII characters without spaces' },
    ]);
    expect(JSON.stringify(response.errors)).not.toContain(idempotencyKey || '""');
    expect(await app.db.post.count({ where: { authorId: author.id } })).toBe(0);
  });

  it('accepts a key of exactly 100 printable characters', async () => {
    const author = await member(app, schoolId);
    const idempotencyKey = `${'~!#$%&()*+,-./:;<=>?@[]^_{|}'}${'x'.repeat(72)}`;

    (await exec(app, CREATE_POST, { input: { boardId, title: '글', content: '본문', idempotencyKey } }, { token: author.accessToken })).expectData();

    expect(idempotencyKey).toHaveLength(100);
    expect((await app.db.post.findFirstOrThrow({ where: { authorId: author.id } })).idempotencyKey).toBe(idempotencyKey);
  });
});

describe('createComment with an idempotency key', () => {
  async function postBy(author: TestAccount): Promise<string> {
    return (await exec(app, CREATE_POST, { input: { boardId, title: '댓글 받을 글', content: '본문' } }, { token: author.accessToken })).expectData().createPost.id;
  }

  it('returns the comment the key created on a retry, counting and notifying once', async () => {
    const [author, commenter] = [await member(app, schoolId), await member(app, schoolId)];
    const postId = await postBy(author);
    const input = { postId, content: '한 번만 달려야 해요', isAnonymous: true, idempotencyKey: randomUUID() };

    const first = (await exec(app, CREATE_COMMENT, { input }, { token: commenter.accessToken })).expectData().createComment;
    const retry = (await exec(app, CREATE_COMMENT, { input }, { token: commenter.accessToken })).expectData().createComment;

    expect(retry).toEqual(first);
    expect(first).toMatchObject({ authorDisplayName: '익명1', post: { commentCount: 1 } });
    expect(await app.db.comment.count({ where: { authorId: commenter.id } })).toBe(1);
    expect(await app.db.notification.count({ where: { userId: author.id, commentId: first.id } })).toBe(1);
  });

  it('creates one comment for concurrent calls with one key', async () => {
    const commenter = await member(app, schoolId);
    const postId = await postBy(await member(app, schoolId));
    const input = { postId, content: '동시에', idempotencyKey: randomUUID() };

    const responses = await Promise.all(Array.from({ length: 5 }, () => exec(app, CREATE_COMMENT, { input }, { token: commenter.accessToken })));

    expect(new Set(responses.map((r) => r.expectData().createComment.id)).size).toBe(1);
    expect(await app.db.comment.count({ where: { authorId: commenter.id } })).toBe(1);
    expect((await app.db.post.findUniqueOrThrow({ where: { id: postId } })).commentCount).toBe(1);
  });

  it('keeps different authors’ equal keys apart, and refuses a key reused with other fields as CONFLICT', async () => {
    const [first, second] = [await member(app, schoolId), await member(app, schoolId)];
    const postId = await postBy(first);
    const input = { postId, content: '같은 키', idempotencyKey: 'shared-comment-key' };

    const a = (await exec(app, CREATE_COMMENT, { input }, { token: first.accessToken })).expectData().createComment;
    const b = (await exec(app, CREATE_COMMENT, { input }, { token: second.accessToken })).expectData().createComment;
    const asReply = await exec(app, CREATE_COMMENT, { input: { ...input, parentId: a.id } }, { token: first.accessToken });

    expect(a.id).not.toBe(b.id);
    expect(asReply.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'idempotencyKey', message: 'was already used with different fields' }]);
    expect(await app.db.comment.count({ where: { postId } })).toBe(2);
  });

  it('answers a retry for a comment deleted since with NOT_FOUND, and refuses a malformed key as BAD_USER_INPUT', async () => {
    const commenter = await member(app, schoolId);
    const postId = await postBy(await member(app, schoolId));
    const input = { postId, content: '지울 댓글', idempotencyKey: randomUUID() };
    const created = (await exec(app, CREATE_COMMENT, { input }, { token: commenter.accessToken })).expectData().createComment;
    (await exec(app, DELETE_COMMENT, { id: created.id }, { token: commenter.accessToken })).expectData();

    (await exec(app, CREATE_COMMENT, { input }, { token: commenter.accessToken })).expectError('NOT_FOUND');
    const malformed = await exec(app, CREATE_COMMENT, { input: { ...input, idempotencyKey: 'two words' } }, { token: commenter.accessToken });

    expect(malformed.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'idempotencyKey', message: 'must be 1-100 printable ASCII characters without spaces' }]);
    expect(await app.db.comment.count({ where: { authorId: commenter.id } })).toBe(1);
  });
});

describe('createTask with an idempotency key', () => {
  it('returns the task the key created on a retry, records its creator, and creates nothing', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const input = { projectId: project.id, title: '한 번만', dueDate: '2026-03-02', idempotencyKey: randomUUID() };

    const first = (await exec(app, CREATE_TASK, { input }, { token: owner.accessToken })).expectData().createTask;
    const retry = (await exec(app, CREATE_TASK, { input }, { token: owner.accessToken })).expectData().createTask;

    expect(retry).toEqual(first);
    const stored = await app.db.task.findMany({ where: { projectId: project.id } });
    expect(stored.map((t) => [t.id, t.creatorId])).toEqual([[first.id, owner.id]]);
  });

  it('creates one task for concurrent calls with one key', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const input = { projectId: project.id, title: '동시에', idempotencyKey: randomUUID() };

    const responses = await Promise.all(Array.from({ length: 5 }, () => exec(app, CREATE_TASK, { input }, { token: owner.accessToken })));

    expect(new Set(responses.map((r) => r.expectData().createTask.id)).size).toBe(1);
    expect(await app.db.task.count({ where: { projectId: project.id } })).toBe(1);
  });

  it('keeps different users’ equal keys apart', async () => {
    const [first, second] = [await signUp(app), await signUp(app)];
    const projects = [await createProject(app, first.accessToken), await createProject(app, second.accessToken)];
    const key = randomUUID();

    const a = (await exec(app, CREATE_TASK, { input: { projectId: projects[0].id, title: '할 일', idempotencyKey: key } }, { token: first.accessToken })).expectData();
    const b = (await exec(app, CREATE_TASK, { input: { projectId: projects[1].id, title: '할 일', idempotencyKey: key } }, { token: second.accessToken })).expectData();

    expect(a.createTask.id).not.toBe(b.createTask.id);
    expect(a.createTask.project.id).toBe(projects[0].id);
    expect(b.createTask.project.id).toBe(projects[1].id);
  });

  it('refuses a key reused with other fields (another project of the same user included) as CONFLICT', async () => {
    const owner = await signUp(app);
    const [one, two] = [await createProject(app, owner.accessToken), await createProject(app, owner.accessToken)];
    const input = { projectId: one.id, title: '할 일', detail: '자세히', idempotencyKey: randomUUID() };
    (await exec(app, CREATE_TASK, { input }, { token: owner.accessToken })).expectData();

    const otherDetail = await exec(app, CREATE_TASK, { input: { ...input, detail: null } }, { token: owner.accessToken });
    const otherProject = await exec(app, CREATE_TASK, { input: { ...input, projectId: two.id } }, { token: owner.accessToken });

    for (const response of [otherDetail, otherProject]) {
      expect(response.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'idempotencyKey', message: 'was already used with different fields' }]);
    }
    expect(await app.db.task.count({ where: { projectId: { in: [one.id, two.id] } } })).toBe(1);
  });

  it('frees the key when its task is deleted: the next call creates a new task', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const input = { projectId: project.id, title: '지울 일', idempotencyKey: randomUUID() };
    const first = (await exec(app, CREATE_TASK, { input }, { token: owner.accessToken })).expectData().createTask;
    (await exec(app, DELETE_TASK, { id: first.id }, { token: owner.accessToken })).expectData();

    const again = (await exec(app, CREATE_TASK, { input }, { token: owner.accessToken })).expectData().createTask;

    expect(again.id).not.toBe(first.id);
    expect(await app.db.task.count({ where: { projectId: project.id } })).toBe(1);
  });
});
