import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { User as DbUser } from '../../generated/prisma/client';
import { byKey, groupByKey, LoadersByArgs } from '../../shared/loader-utils';
import { commentPagesByPost, replyCounts, replyPagesByComment, topLevelCommentCounts, viewerCommentLikes } from './comment.sql';
import type { CommentPageRow, CommentWithPostAuthor } from './comment.types';
import { primeAuthors, type PostLoaders } from './post.loaders';

export type CommentLoaders = ReturnType<typeof createCommentLoaders>;

/** What adding or deleting a comment changes: the comment's loaders, and its post's (`commentCount`). */
export interface CommunityLoaders {
  post: PostLoaders;
  comment: CommentLoaders;
}

/**
 * Per request (the like flags are the viewer's). Page loaders are keyed by their arguments
 * (LoadersByArgs), so differently-shaped lists in one request never share a batch. Rows
 * fetched by pages prime `commentById` and (with their authors) `userById`, so resolving
 * them again costs nothing.
 */
export function createCommentLoaders(db: Db, viewer: Viewer | null, userById: DataLoader<string, DbUser | null>) {
  const byArgs = new LoadersByArgs();

  const commentById = new DataLoader<string, CommentWithPostAuthor | null>(async (ids) => {
    const rows = await db.comment.findMany({ where: { id: { in: [...ids] } }, include: { post: { select: { authorId: true } } } });
    return byKey(ids, rows.map(({ post, ...comment }) => ({ ...comment, postAuthorId: post.authorId })), (c) => c.id);
  });
  /** Whether the viewer liked each comment, for comments not read by a page (page rows carry it). */
  const commentLiked = new DataLoader<string, boolean>(async (ids) => {
    if (!viewer) return ids.map(() => false);
    const liked = await viewerCommentLikes(db, viewer.id, ids);
    return ids.map((id) => liked.has(id));
  });
  const topLevelCommentCount = new DataLoader<string, number>(async (postIds) => {
    const counts = await topLevelCommentCounts(db, postIds);
    return postIds.map((id) => counts.get(id) ?? 0);
  });
  const replyCount = new DataLoader<string, number>(async (commentIds) => {
    const counts = await replyCounts(db, commentIds);
    return commentIds.map((id) => counts.get(id) ?? 0);
  });
  /** Page rows carry their author (later loads of it cost nothing) and the viewer's like (read from the row). */
  const primeComments = (rows: CommentPageRow[]) => {
    primeAuthors(userById, rows);
    for (const row of rows) commentById.prime(row.id, row);
  };

  return {
    commentById,
    commentLiked,
    topLevelCommentCount,
    replyCount,

    /** The first page of top-level comments of each post, for one `first` / `after`. */
    commentPages: (first: number, after: string | null) =>
      byArgs.get('commentPages', `${first}:${after ?? ''}`, () =>
        new DataLoader<string, CommentPageRow[]>(async (postIds) => {
          const rows = await commentPagesByPost(db, viewer?.id ?? null, postIds, first, after);
          primeComments(rows);
          return groupByKey(postIds, rows, (row) => row.postId);
        }),
      ),

    /** The first page of replies of each comment, for one `first` / `after`. */
    replyPages: (first: number, after: string | null) =>
      byArgs.get('replyPages', `${first}:${after ?? ''}`, () =>
        new DataLoader<string, CommentPageRow[]>(async (commentIds) => {
          const rows = await replyPagesByComment(db, viewer?.id ?? null, commentIds, first, after);
          primeComments(rows);
          return groupByKey(commentIds, rows, (row) => row.parentId!);
        }),
      ),

    /**
     * After a write changed the comment (created, liked, reported, restored): later fields of
     * the request read the changed row; `viewerLiked`, when the write settled it, is primed.
     */
    commentChanged(comment: CommentWithPostAuthor, viewerLiked?: boolean): void {
      commentById.clear(comment.id).prime(comment.id, comment);
      commentLiked.clear(comment.id);
      if (viewerLiked !== undefined) commentLiked.prime(comment.id, viewerLiked);
    },

    /** After a comment was added to or removed from its post (and parent): their counts are read again. */
    countsChanged(comment: Pick<CommentWithPostAuthor, 'postId' | 'parentId'>): void {
      topLevelCommentCount.clear(comment.postId);
      if (comment.parentId) replyCount.clear(comment.parentId);
    },

    /** After the comment was deleted: a later lookup reads it again, and so do its post's counts. */
    commentDeleted(comment: Pick<CommentWithPostAuthor, 'id' | 'postId' | 'parentId'>): void {
      commentById.clear(comment.id);
      commentLiked.clear(comment.id);
      topLevelCommentCount.clear(comment.postId);
      if (comment.parentId) replyCount.clear(comment.parentId);
    },
  };
}
