import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Post as DbPost, User as DbUser } from '../../generated/prisma/client';
import { isStaff } from './community.policy';
import { byKey, groupByKey, LoadersByArgs, type MaybePromise } from '../../shared/loader-utils';
import {
  commentPagesByPost,
  postCountsByBoard,
  postPagesByBoard,
  replyCounts,
  replyPagesByComment,
  topLevelCommentCounts,
  viewerCommentLikes,
  viewerPostFlags,
  type CommentRecord,
  type CommentRow,
  type PostOrderSpec,
  type PostRow,
} from './post.sql';

export type PostLoaders = ReturnType<typeof createPostLoaders>;

export interface PostPageKey {
  search: string | null;
  order: PostOrderSpec;
  first: number;
  after: string | null;
}

/**
 * Per request (viewer flags are the viewer's). Page loaders are keyed by their arguments
 * (LoadersByArgs), so differently-shaped lists in one request never share a batch. Rows
 * fetched by pages prime `postById`, `commentById` and (with their authors) `userById`,
 * so resolving them again costs nothing.
 */
export function createPostLoaders(db: Db, viewer: Viewer | null, userById: DataLoader<string, DbUser | null>) {
  const byArgs = new LoadersByArgs();
  /** Rows by one author share one user object (withJoinedUsers): prime each user once. */
  const primeAuthors = (rows: { author: DbUser }[]) => {
    let last: DbUser | null = null;
    for (const { author } of rows) {
      if (author !== last) userById.prime(author.id, author);
      last = author;
    }
  };

  const postById = new DataLoader<string, DbPost | null>(async (ids) =>
    byKey(ids, await db.post.findMany({ where: { id: { in: [...ids] } } }), (post) => post.id),
  );
  const commentById = new DataLoader<string, CommentRecord | null>(async (ids) => {
    const rows = await db.comment.findMany({ where: { id: { in: [...ids] } }, include: { post: { select: { authorId: true } } } });
    return byKey(ids, rows.map(({ post, ...comment }) => ({ ...comment, postAuthorId: post.authorId })), (c) => c.id);
  });

  /** Whether the viewer liked / scrapped each post (one statement for both), for posts not read by a page (page rows carry both). */
  const postFlags = new DataLoader<string, { liked: boolean; scrapped: boolean }>(async (ids) => {
    if (!viewer) return ids.map(() => ({ liked: false, scrapped: false }));
    const flags = await viewerPostFlags(db, viewer.id, ids);
    return ids.map((id) => flags.get(id) ?? { liked: false, scrapped: false });
  });
  /** Whether the viewer liked each comment, for comments not read by a page (page rows carry it). */
  const commentLiked = new DataLoader<string, boolean>(async (ids) => {
    if (!viewer) return ids.map(() => false);
    const liked = await viewerCommentLikes(db, viewer.id, ids);
    return ids.map((id) => liked.has(id));
  });
  /** Page rows carry their author (later loads of it cost nothing) and the viewer's like (read from the row). */
  const primeComments = (rows: CommentRow[]) => {
    primeAuthors(rows);
    for (const row of rows) commentById.prime(row.id, row);
  };

  return {
    postById,
    commentById,
    postFlags,
    commentLiked,

    /** The first page of posts of each board, for one set of list arguments. */
    postPages: (key: PostPageKey) =>
      byArgs.get('postPages', key, () =>
        new DataLoader<string, PostRow[]>(async (boardIds) => {
          const rows = await postPagesByBoard(db, { boardIds, viewerId: viewer?.id ?? null, seesBlinded: isStaff(viewer), ...key });
          primeAuthors(rows);
          for (const row of rows) postById.prime(row.id, row);
          return groupByKey(boardIds, rows, (row) => row.boardId);
        }),
      ),

    postCounts: (search: string | null) =>
      byArgs.get('postCounts', search, () =>
        new DataLoader<string, number>(async (boardIds) => {
          const counts = await postCountsByBoard(db, boardIds, search, isStaff(viewer));
          return boardIds.map((id) => counts.get(id) ?? 0);
        }),
      ),

    commentPages: (first: number, after: string | null) =>
      byArgs.get('commentPages', `${first}:${after ?? ''}`, () =>
        new DataLoader<string, CommentRow[]>(async (postIds) => {
          const rows = await commentPagesByPost(db, viewer?.id ?? null, postIds, first, after);
          primeComments(rows);
          return groupByKey(postIds, rows, (row) => row.postId);
        }),
      ),

    replyPages: (first: number, after: string | null) =>
      byArgs.get('replyPages', `${first}:${after ?? ''}`, () =>
        new DataLoader<string, CommentRow[]>(async (commentIds) => {
          const rows = await replyPagesByComment(db, viewer?.id ?? null, commentIds, first, after);
          primeComments(rows);
          return groupByKey(commentIds, rows, (row) => row.parentId!);
        }),
      ),

    topLevelCommentCount: new DataLoader<string, number>(async (postIds) => {
      const counts = await topLevelCommentCounts(db, postIds);
      return postIds.map((id) => counts.get(id) ?? 0);
    }),

    replyCount: new DataLoader<string, number>(async (commentIds) => {
      const counts = await replyCounts(db, commentIds);
      return commentIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}

/** A post's or comment's author: the one its list query joined, else through the loader. */
export function authorOf(row: { authorId: string; author?: DbUser }, loaders: { user: { userById: DataLoader<string, DbUser | null> } }): MaybePromise<DbUser | null> {
  return row.author ?? loaders.user.userById.load(row.authorId);
}
