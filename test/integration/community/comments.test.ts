import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const CREATE_POST = 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }';
const COMMENT = `mutation C($input: CreateCommentInput!) {
  createComment(input: $input) { id content authorDisplayName author { id } parent { id } isAnonymous }
}`;
const DELETE = 'mutation D($id: ID!) { deleteComment(id: $id) }';
const LIKE = 'mutation L($id: ID!) { likeComment(id: $id) { id likeCount viewerHasLiked } }';
const UNLIKE = 'mutation U($id: ID!) { unlikeComment(id: $id) { id likeCount viewerHasLiked } }';
const THREAD = `query T($id: ID!) {
  post(id: $id) {
    commentCount
    comments(first: 10) {
      totalCount
      edges { node {
        id content isDeleted authorDisplayName author { id } viewerCanDelete
        replies(first: 10) { totalCount edges { node { id content authorDisplayName parent { id } } } }
      } }
    }
  }
}`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0', COMMENT_MAX_LENGTH: '50' }));
});
afterAll(() => app.stop());

async function thread() {
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const writer = await member(app, school.id);
  const others = await Promise.all([0, 1, 2].map(() => member(app, school.id)));
  const post = (await exec(app, CREATE_POST, { input: { boardId: board.id, title: '질문', content: '내용', isAnonymous: true } }, { token: writer.accessToken })).expectData().createPost;
  return { school, board, writer, others, post };
}

async function comment(token: string, input: Record<string, unknown>) {
  return (await exec(app, COMMENT, { input: { isAnonymous: false, content: '댓글', ...input } }, { token })).expectData().createComment;
}

function read(token: string, postId: string) {
  return exec(app, THREAD, { id: postId }, { token }).then((r) => r.expectData().post);
}

describe('createComment', () => {
  it('adds comments and one level of replies; a reply to a reply joins its top-level comment', async () => {
    const { writer, others, post } = await thread();
    const top = await comment(others[0].accessToken, { postId: post.id, content: '첫 댓글' });
    const reply = await comment(others[1].accessToken, { postId: post.id, parentId: top.id, content: '답글' });

    const replyToReply = await comment(writer.accessToken, { postId: post.id, parentId: reply.id, content: '답글의 답글' });
    const view = await read(others[0].accessToken, post.id);

    expect(replyToReply.parent).toEqual({ id: top.id });
    expect(view.commentCount).toBe(3);
    expect(view.comments.totalCount).toBe(1);
    expect(view.comments.edges[0].node.replies.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([reply.id, replyToReply.id]);
    expect(view.comments.edges[0].node.replies.totalCount).toBe(2);
  });

  it('names anonymous commenters 글쓴이 for the post\'s author and 익명N in order of first comment, stable per person', async () => {
    const { writer, others, post } = await thread();
    const first = await comment(others[0].accessToken, { postId: post.id, isAnonymous: true });
    const second = await comment(others[1].accessToken, { postId: post.id, isAnonymous: true });
    const byWriter = await comment(writer.accessToken, { postId: post.id, isAnonymous: true });
    const firstAgain = await comment(others[0].accessToken, { postId: post.id, isAnonymous: true, parentId: second.id });
    const named = await comment(others[2].accessToken, { postId: post.id });

    expect([first, second, byWriter, firstAgain].map((c) => c.authorDisplayName)).toEqual(['익명1', '익명2', '글쓴이', '익명1']);
    expect(named.authorDisplayName).toBe(others[2].nickname);
    const view = await read(others[2].accessToken, post.id);
    expect(view.comments.edges.map((e: { node: { author: unknown } }) => e.node.author)).toEqual([null, null, null, { id: others[2].id }]);
  });

  it('gives concurrent first-time anonymous commenters distinct numbers', async () => {
    const { school, post } = await thread();
    const crowd = await Promise.all(Array.from({ length: 6 }, () => member(app, school.id)));

    const created = await Promise.all(crowd.map((m) => comment(m.accessToken, { postId: post.id, isAnonymous: true })));

    expect(new Set(created.map((c) => c.authorDisplayName)).size).toBe(6);
  });

  it('rejects empty or too long content and replies to another post\'s comment, writing nothing', async () => {
    const { writer, others, post, board } = await thread();
    const elsewhere = (await exec(app, CREATE_POST, { input: { boardId: board.id, title: '다른 글', content: '내용', isAnonymous: false } }, { token: writer.accessToken })).expectData().createPost;
    const foreignParent = await comment(others[0].accessToken, { postId: elsewhere.id });

    const empty = await exec(app, COMMENT, { input: { postId: post.id, content: '  ', isAnonymous: false } }, { token: others[1].accessToken });
    const long = await exec(app, COMMENT, { input: { postId: post.id, content: 'x'.repeat(51), isAnonymous: false } }, { token: others[1].accessToken });
    const crossed = await exec(app, COMMENT, { input: { postId: post.id, parentId: foreignParent.id, content: '답글', isAnonymous: false } }, { token: others[1].accessToken });

    expect(empty.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'content', message: 'cannot be empty' }]);
    expect(long.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'content', message: 'must be at most 50 characters' }]);
    crossed.expectError('NOT_FOUND');
    expect(await app.db.comment.count({ where: { postId: post.id } })).toBe(0);
  });

  it('answers NOT_FOUND to members of other schools', async () => {
    const { post } = await thread();
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);

    (await exec(app, COMMENT, { input: { postId: post.id, content: '침입', isAnonymous: false } }, { token: outsider.accessToken })).expectError('NOT_FOUND');
  });
});

describe('deleteComment', () => {
  it('keeps a deleted comment with replies as a tombstone and drops one without', async () => {
    const { others, post } = await thread();
    const withReplies = await comment(others[0].accessToken, { postId: post.id, content: '지울 댓글' });
    await comment(others[1].accessToken, { postId: post.id, parentId: withReplies.id, content: '남는 답글' });
    const alone = await comment(others[0].accessToken, { postId: post.id, content: '혼자' });

    (await exec(app, DELETE, { id: withReplies.id }, { token: others[0].accessToken })).expectData();
    (await exec(app, DELETE, { id: alone.id }, { token: others[0].accessToken })).expectData();
    const view = await read(others[2].accessToken, post.id);

    expect(view.commentCount).toBe(1);
    expect(view.comments.edges).toHaveLength(1);
    expect(view.comments.edges[0].node).toMatchObject({ id: withReplies.id, isDeleted: true, content: null, author: null, authorDisplayName: '(deleted)', viewerCanDelete: false });
    expect(view.comments.edges[0].node.replies.edges[0].node.content).toBe('남는 답글');
  });

  it('lets the author and STAFF delete, other members get FORBIDDEN', async () => {
    const { others, post } = await thread();
    const moderator = await staff(app);
    const target = await comment(others[0].accessToken, { postId: post.id });

    (await exec(app, DELETE, { id: target.id }, { token: others[1].accessToken })).expectError('FORBIDDEN');
    (await exec(app, DELETE, { id: target.id }, { token: moderator.accessToken })).expectData();

    (await exec(app, DELETE, { id: target.id }, { token: moderator.accessToken })).expectError('NOT_FOUND');
  });
});

describe('comment likes', () => {
  it('are idempotent, never one\'s own, and counted once under concurrency', async () => {
    const { others, post } = await thread();
    const target = await comment(others[0].accessToken, { postId: post.id });

    const results = await Promise.all(Array.from({ length: 10 }, () => exec(app, LIKE, { id: target.id }, { token: others[1].accessToken })));
    const own = await exec(app, LIKE, { id: target.id }, { token: others[0].accessToken });
    const unliked = (await exec(app, UNLIKE, { id: target.id }, { token: others[1].accessToken })).expectData();

    expect(results.every((r) => !r.errors)).toBe(true);
    expect(results[0].data?.likeComment).toMatchObject({ likeCount: 1, viewerHasLiked: true });
    own.expectError('BAD_USER_INPUT');
    expect(unliked.unlikeComment).toMatchObject({ likeCount: 0, viewerHasLiked: false });
  });
});
