/**
 * The mutations of one document run in order and share the request's loaders: each
 * mutation's service clears or primes what it changed, so a later field never reads what an
 * earlier mutation of the same document made stale.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const CREATE_POST = 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }';
const CREATE_COMMENT = 'mutation C($input: CreateCommentInput!) { createComment(input: $input) { id } }';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

async function postAndReader() {
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const [writer, reader] = await Promise.all([member(app, school.id), member(app, school.id)]);
  const post = (await exec(app, CREATE_POST, { input: { boardId: board.id, title: '제목', content: '내용', isAnonymous: false } }, { token: writer.accessToken })).expectData().createPost;
  return { writer, reader, post };
}

describe('mutations in one document', () => {
  it('likePost then unlikePost, then scrapPost: each answers its own flags', async () => {
    const { reader, post } = await postAndReader();
    const data = (
      await exec(
        app,
        `mutation M($id: ID!) {
          a: likePost(id: $id) { likeCount viewerHasLiked viewerHasScrapped }
          b: unlikePost(id: $id) { likeCount viewerHasLiked viewerHasScrapped }
          c: scrapPost(id: $id) { scrapCount viewerHasLiked viewerHasScrapped }
        }`,
        { id: post.id },
        { token: reader.accessToken },
      )
    ).expectData();

    expect(data.a).toEqual({ likeCount: 1, viewerHasLiked: true, viewerHasScrapped: false });
    expect(data.b).toEqual({ likeCount: 0, viewerHasLiked: false, viewerHasScrapped: false });
    expect(data.c).toEqual({ scrapCount: 1, viewerHasLiked: false, viewerHasScrapped: true });
  });

  it('likeComment then unlikeComment: the second answers the comment unliked', async () => {
    const { writer, reader, post } = await postAndReader();
    const comment = (await exec(app, CREATE_COMMENT, { input: { postId: post.id, content: '댓글', isAnonymous: false } }, { token: writer.accessToken })).expectData().createComment;
    const data = (
      await exec(
        app,
        `mutation M($id: ID!) {
          a: likeComment(id: $id) { likeCount viewerHasLiked post { commentCount } }
          b: unlikeComment(id: $id) { likeCount viewerHasLiked }
        }`,
        { id: comment.id },
        { token: reader.accessToken },
      )
    ).expectData();

    expect(data.a).toEqual({ likeCount: 1, viewerHasLiked: true, post: { commentCount: 1 } });
    expect(data.b).toEqual({ likeCount: 0, viewerHasLiked: false });
  });

  it('createComment twice: the second reads its post and the comment count again', async () => {
    const { writer, post } = await postAndReader();
    const data = (
      await exec(
        app,
        `mutation M($postId: ID!) {
          a: createComment(input: { postId: $postId, content: "첫 댓글", isAnonymous: false }) { post { commentCount comments(first: 5) { totalCount } } }
          b: createComment(input: { postId: $postId, content: "둘째 댓글", isAnonymous: false }) { post { commentCount comments(first: 5) { totalCount } } }
        }`,
        { postId: post.id },
        { token: writer.accessToken },
      )
    ).expectData();

    expect(data.a).toEqual({ post: { commentCount: 1, comments: { totalCount: 1 } } });
    expect(data.b).toEqual({ post: { commentCount: 2, comments: { totalCount: 2 } } });
  });

  it('deleteComment: a later field reads the post and its count again', async () => {
    const { writer, post } = await postAndReader();
    const comment = (await exec(app, CREATE_COMMENT, { input: { postId: post.id, content: '댓글', isAnonymous: false } }, { token: writer.accessToken })).expectData().createComment;
    const data = (
      await exec(
        app,
        `mutation M($id: ID!, $postId: ID!) {
          b: createComment(input: { postId: $postId, content: "둘째", isAnonymous: false }) { post { commentCount comments(first: 5) { totalCount } } }
          c: deleteComment(id: $id)
          d: unlikePost(id: $postId) { commentCount comments(first: 5) { totalCount } }
        }`,
        { id: comment.id, postId: post.id },
        { token: writer.accessToken },
      )
    ).expectData();

    expect(data.b).toEqual({ post: { commentCount: 2, comments: { totalCount: 2 } } });
    expect(data.c).toBe(true);
    expect(data.d).toEqual({ commentCount: 1, comments: { totalCount: 1 } });
  });
});
