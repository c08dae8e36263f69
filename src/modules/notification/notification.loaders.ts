import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Post as DbPost } from '../../generated/prisma/client';
import { byKey } from '../../shared/loader-utils';
import { visiblePostWhere } from '../community/community.policy';
import type { CommentWithPostAuthor } from '../community/comment.types';

export type NotificationLoaders = ReturnType<typeof createNotificationLoaders>;

/**
 * The targets of the viewer's notifications, as the viewer may see them now: a post or
 * comment that was deleted, or whose school the viewer no longer reads, resolves to null
 * (the same rule as `post(id)`). One statement per batch.
 */
export function createNotificationLoaders(db: Db, viewer: Viewer | null) {
  return {
    readablePostById: new DataLoader<string, DbPost | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      return byKey(ids, await db.post.findMany({ where: { id: { in: [...ids] }, ...visiblePostWhere(viewer) } }), (p) => p.id);
    }),
    readableCommentById: new DataLoader<string, CommentWithPostAuthor | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      const rows = await db.comment.findMany({
        where: { id: { in: [...ids] }, deletedAt: null, post: visiblePostWhere(viewer) },
        include: { post: { select: { authorId: true } } },
      });
      return byKey(ids, rows.map(({ post, ...comment }) => ({ ...comment, postAuthorId: post.authorId })), (c) => c.id);
    }),
  };
}
