import { assertMayParticipate, isSchoolMember } from '../../auth/membership';
import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Comment as DbComment, Post as DbPost } from '../../generated/prisma/client';
import { UserInputError } from '../../shared/errors';
import type { CommentLoaders } from './comment.loaders';
import type { CommentService } from './comment.service';
import type { CommentWithPostAuthor } from './comment.types';
import { writeMark } from './marks';
import type { PostLoaders } from './post.loaders';
import type { PostService } from './post.service';
import { normalizeText } from '../../shared/text';

/**
 * Reports: one per user per post or comment. When an item reaches the configured number
 * of reports it is blinded (its content hidden from everyone but STAFF) until STAFF
 * dismisses its reports (dismissReports, or restorePost / restoreComment, which do the same):
 * the pending reports are marked dismissed, the count starts again from zero and the item is
 * shown again. Reports are the only cause of blinding, so dismissing them always un-blinds.
 * A dismissed report stays as a row, so its author cannot report the same item again (one
 * report per person and item, ever): a dismissal cannot be undone by the same accounts.
 *
 * A report counts toward blinding only when its author is a verified member of the item's
 * school (src/auth/membership.ts) and the account is at least REPORT_MIN_ACCOUNT_AGE_HOURS
 * old, so that throw-away accounts cannot blind anything. Other reports are still recorded
 * (for moderators) but leave `reportCount` alone.
 *
 * The post or comment a mutation changed primes the request's loaders, for its later fields.
 */
export class ReportService {
  constructor(
    private readonly db: Db,
    private readonly posts: PostService,
    private readonly comments: CommentService,
    private readonly limits: Config['community'],
  ) {}

  /** Idempotent per user. @throws NotFoundError, UserInputError (own post, blank reason) */
  async reportPost(viewer: Viewer, id: string, reason: string, loaders?: PostLoaders): Promise<DbPost> {
    assertMayParticipate(viewer);
    const post = await this.posts.getVisible(viewer, id);
    const text = this.checkReason(reason, post.authorId, viewer);
    const counts = await this.reportCounts(viewer, post.boardId);
    const reported = await this.db.$transaction(async (tx) => {
      const { item: updated, moved } = await writeMark({
        mark: () => tx.postReport.createMany({ data: [{ postId: post.id, userId: viewer.id, reason: text }], skipDuplicates: true }),
        moveCounter: () => tx.post.update({ where: { id: post.id }, data: { reportCount: { increment: 1 } } }),
        readItem: () => tx.post.findUniqueOrThrow({ where: { id: post.id } }),
        counts,
      });
      if (!moved || updated.blindedAt || updated.reportCount < this.limits.reportBlindThreshold) return updated;
      return tx.post.update({ where: { id: post.id }, data: { blindedAt: new Date() } });
    });
    loaders?.postChanged(reported);
    return reported;
  }

  /** Idempotent per user. @throws NotFoundError, UserInputError (own comment, blank reason) */
  async reportComment(viewer: Viewer, id: string, reason: string, loaders?: CommentLoaders): Promise<CommentWithPostAuthor> {
    assertMayParticipate(viewer);
    const comment = await this.comments.getVisible(viewer, id);
    const text = this.checkReason(reason, comment.authorId, viewer);
    const { boardId } = await this.db.post.findUniqueOrThrow({ where: { id: comment.postId }, select: { boardId: true } });
    const counts = await this.reportCounts(viewer, boardId);
    const updated = await this.db.$transaction(async (tx) => {
      const { item: counted, moved } = await writeMark({
        mark: () => tx.commentReport.createMany({ data: [{ commentId: comment.id, userId: viewer.id, reason: text }], skipDuplicates: true }),
        moveCounter: () => tx.comment.update({ where: { id: comment.id }, data: { reportCount: { increment: 1 } } }),
        readItem: () => tx.comment.findUniqueOrThrow({ where: { id: comment.id } }),
        counts,
      });
      if (!moved || counted.blindedAt || counted.reportCount < this.limits.reportBlindThreshold) return counted;
      return tx.comment.update({ where: { id: comment.id }, data: { blindedAt: new Date() } });
    });
    return this.commentChanged({ ...updated, postAuthorId: comment.postAuthorId }, loaders);
  }

  /** STAFF only (checked by the resolver's role): dismisses the post's reports. @throws NotFoundError */
  async restorePost(viewer: Viewer, id: string, loaders?: PostLoaders): Promise<DbPost> {
    const post = await this.posts.getVisible(viewer, id);
    const { post: restored } = await this.dismissPostReports(post.id);
    loaders?.postChanged(restored);
    return restored;
  }

  /** STAFF only (checked by the resolver's role): dismisses the comment's reports. @throws NotFoundError */
  async restoreComment(viewer: Viewer, id: string, loaders?: CommentLoaders): Promise<CommentWithPostAuthor> {
    const comment = await this.comments.getVisible(viewer, id);
    const { comment: updated } = await this.dismissCommentReports(comment.id);
    return this.commentChanged({ ...updated, postAuthorId: comment.postAuthorId }, loaders);
  }

  private commentChanged(comment: CommentWithPostAuthor, loaders?: CommentLoaders): CommentWithPostAuthor {
    loaders?.commentChanged(comment);
    return comment;
  }

  /**
   * Marks the post's pending reports dismissed, resets its count and un-blinds it, in one
   * transaction. For STAFF paths only (the callers check the role). @returns how many were dismissed.
   */
  async dismissPostReports(postId: string): Promise<{ dismissed: number; post: DbPost }> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.postReport.updateMany({ where: { postId, dismissedAt: null }, data: { dismissedAt: new Date() } });
      const post = await tx.post.update({ where: { id: postId }, data: { blindedAt: null, reportCount: 0 } });
      return { dismissed: count, post };
    });
  }

  /** As dismissPostReports, for a comment. */
  async dismissCommentReports(commentId: string): Promise<{ dismissed: number; comment: DbComment }> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.commentReport.updateMany({ where: { commentId, dismissedAt: null }, data: { dismissedAt: new Date() } });
      const comment = await tx.comment.update({ where: { id: commentId }, data: { blindedAt: null, reportCount: 0 } });
      return { dismissed: count, comment };
    });
  }

  /** Whether the viewer's report on an item of `boardId` counts toward blinding (see the class comment). */
  private async reportCounts(viewer: Viewer, boardId: string): Promise<boolean> {
    const [board, reporter] = await Promise.all([
      this.db.board.findUniqueOrThrow({ where: { id: boardId }, select: { schoolId: true } }),
      this.db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { createdAt: true } }),
    ]);
    const oldEnough = Date.now() - reporter.createdAt.getTime() >= this.limits.reportMinAccountAgeHours * 3600_000;
    return isSchoolMember(viewer, board.schoolId) && oldEnough;
  }

  private checkReason(reason: string, authorId: string, viewer: Viewer): string {
    if (authorId === viewer.id) throw UserInputError.field('id', 'you cannot report your own content');
    const text = normalizeText(reason);
    if (!text) throw UserInputError.field('reason', 'cannot be empty');
    return text;
  }
}
