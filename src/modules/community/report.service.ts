import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Post as DbPost } from '../../generated/prisma/client';
import { UserInputError } from '../../shared/errors';
import type { CommentService } from './comment.service';
import type { PostService } from './post.service';
import type { CommentRecord } from './post.sql';

/**
 * Reports: one per user per post or comment. When an item reaches the configured number
 * of reports it is blinded (its content hidden from everyone but STAFF) until STAFF
 * restores it; restoring starts the count again.
 */
export class ReportService {
  constructor(
    private readonly db: Db,
    private readonly posts: PostService,
    private readonly comments: CommentService,
    private readonly limits: Config['community'],
  ) {}

  /** Idempotent per user. @throws NotFoundError, UserInputError (own post, blank reason) */
  async reportPost(viewer: Viewer, id: string, reason: string): Promise<DbPost> {
    const post = await this.posts.getVisible(viewer, id);
    const text = this.checkReason(reason, post.authorId, viewer);
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.postReport.createMany({ data: [{ postId: post.id, userId: viewer.id, reason: text }], skipDuplicates: true });
      if (count === 0) return tx.post.findUniqueOrThrow({ where: { id: post.id } });
      const updated = await tx.post.update({ where: { id: post.id }, data: { reportCount: { increment: 1 } } });
      if (updated.blindedAt || updated.reportCount < this.limits.reportBlindThreshold) return updated;
      return tx.post.update({ where: { id: post.id }, data: { blindedAt: new Date() } });
    });
  }

  /** Idempotent per user. @throws NotFoundError, UserInputError (own comment, blank reason) */
  async reportComment(viewer: Viewer, id: string, reason: string): Promise<CommentRecord> {
    const comment = await this.comments.getVisible(viewer, id);
    const text = this.checkReason(reason, comment.authorId, viewer);
    const updated = await this.db.$transaction(async (tx) => {
      const { count } = await tx.commentReport.createMany({ data: [{ commentId: comment.id, userId: viewer.id, reason: text }], skipDuplicates: true });
      if (count === 0) return tx.comment.findUniqueOrThrow({ where: { id: comment.id } });
      const counted = await tx.comment.update({ where: { id: comment.id }, data: { reportCount: { increment: 1 } } });
      if (counted.blindedAt || counted.reportCount < this.limits.reportBlindThreshold) return counted;
      return tx.comment.update({ where: { id: comment.id }, data: { blindedAt: new Date() } });
    });
    return { ...updated, postAuthorId: comment.postAuthorId };
  }

  /** STAFF only (checked by the resolver's role). @throws NotFoundError */
  async restorePost(viewer: Viewer, id: string): Promise<DbPost> {
    const post = await this.posts.getVisible(viewer, id);
    return this.db.post.update({ where: { id: post.id }, data: { blindedAt: null, reportCount: 0 } });
  }

  /** STAFF only (checked by the resolver's role). @throws NotFoundError */
  async restoreComment(viewer: Viewer, id: string): Promise<CommentRecord> {
    const comment = await this.comments.getVisible(viewer, id);
    const updated = await this.db.comment.update({ where: { id: comment.id }, data: { blindedAt: null, reportCount: 0 } });
    return { ...updated, postAuthorId: comment.postAuthorId };
  }

  private checkReason(reason: string, authorId: string, viewer: Viewer): string {
    if (authorId === viewer.id) throw UserInputError.field('id', 'you cannot report your own content');
    const text = reason.trim();
    if (!text) throw UserInputError.field('reason', 'cannot be empty');
    return text;
  }
}
