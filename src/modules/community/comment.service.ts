import { assertMayParticipate } from '../../auth/membership';
import type { Throttle } from '../../auth/throttle';
import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { ForbiddenError, NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import { assertSameRequest, idempotencyColumns, idempotencyOf, keyedRowGone, type Idempotency } from '../../shared/idempotency';
import type { Outbox, OutboxEntry } from '../../realtime/outbox';
import type { NotificationDraft, NotificationService } from '../notification/notification.service';
import { NotificationKind } from '../notification/notification.types';
import { commentAuthorName } from './anonymity';
import { canModerate } from './community.policy';
import type { CreateCommentInput } from './post.inputs';
import { checkText, type PostService } from './post.service';
import type { CommentRecord } from './post.sql';

type Tx = Prisma.TransactionClient;

/**
 * Comments and replies (one level deep), their anonymity numbers and likes. The post's
 * `commentCount` changes in the same transaction as the comment. Commenting and liking count
 * against the viewer's business-flow limits (throttle.ts).
 */
export class CommentService {
  constructor(
    private readonly db: Db,
    private readonly posts: PostService,
    private readonly limits: Config['community'],
    private readonly throttle: Throttle,
    private readonly notifications: NotificationService,
    private readonly outbox: Outbox,
  ) {}

  /** @throws NotFoundError unless the comment is live and its post readable by the viewer. */
  async getVisible(viewer: Viewer, id: string, tx: Tx | Db = this.db): Promise<CommentRecord> {
    const comment = await tx.comment.findFirst({ where: { id, deletedAt: null } });
    if (!comment) throw new NotFoundError('Comment');
    const post = await this.posts.getVisible(viewer, comment.postId, tx).catch(() => null);
    if (!post) throw new NotFoundError('Comment');
    return { ...comment, postAuthorId: post.authorId };
  }

  /**
   * Comments on a post, or replies to a comment of it; a reply to a reply attaches to the
   * top-level comment. An anonymous commenter keeps one number per post (익명N). With an
   * idempotency key, a retry returns the comment the key created (src/shared/idempotency.ts)
   * without counting against the limit.
   * @throws NotFoundError (post or parent; the keyed comment deleted since), UserInputError (empty
   *   or too long content), ConflictError (key used with other fields), RateLimitedError
   */
  async create(viewer: Viewer, input: CreateCommentInput): Promise<CommentRecord> {
    assertMayParticipate(viewer);
    const idempotency = idempotencyOf(input.idempotencyKey, [input.postId, input.parentId, input.content, input.isAnonymous]);
    const earlier = idempotency && (await this.createdWithKey(viewer, idempotency));
    if (earlier) return earlier;
    await this.throttle.consume('commentsPerUser', viewer.id);
    const post = await this.posts.getVisible(viewer, input.postId);
    const problems: FieldProblem[] = [];
    const content = checkText(problems, 'content', input.content, this.limits.commentMaxLength);
    if (problems.length > 0) throw new UserInputError(problems);
    let parentId: string | null = null;
    let parentAuthorId: string | null = null;
    if (input.parentId) {
      const parent = await this.db.comment.findFirst({ where: { id: input.parentId, postId: post.id, deletedAt: null } });
      if (!parent) throw new NotFoundError('Comment');
      parentId = parent.parentId ?? parent.id;
      // The reply attaches to the top-level comment, but it answers the comment it was written under.
      parentAuthorId = parent.authorId;
    }

    const written = await this.db.$transaction(async (tx) => {
      const anonymousNumber = input.isAnonymous && viewer.id !== post.authorId ? await this.anonymousNumber(tx, post.id, viewer.id) : null;
      const data = { postId: post.id, parentId, authorId: viewer.id, content, isAnonymous: input.isAnonymous, anonymousNumber, ...idempotencyColumns(idempotency) };
      // Keyed: ON CONFLICT DO NOTHING. A concurrent call with this key inserted first (the
      // insert waits for it to commit): nothing is written here, and this call answers with
      // that comment.
      const created = idempotency ? (await tx.comment.createManyAndReturn({ data: [data], skipDuplicates: true }))[0] : await tx.comment.create({ data });
      if (!created) return null;
      await tx.post.update({ where: { id: post.id }, data: { commentCount: { increment: 1 } } });
      const record = { ...created, postAuthorId: post.authorId };
      const events: OutboxEntry[] = [
        { topic: 'comment.added', payload: { commentId: created.id, postId: post.id } },
        ...(await this.notifications.createInTx(tx, commentNotifications(record, parentAuthorId))),
      ];
      return [record, await this.outbox.record(tx, events)] as const;
    });
    if (!written) return (await this.createdWithKey(viewer, idempotency!)) ?? keyedRowGone();
    const [comment, batch] = written;
    this.outbox.release(batch);
    return comment;
  }

  /**
   * The comment the viewer wrote with this key, or null.
   * @throws ConflictError (the key came with other fields), NotFoundError (that comment is no longer visible)
   */
  private async createdWithKey(viewer: Viewer, idempotency: Idempotency): Promise<CommentRecord | null> {
    const comment = await this.db.comment.findFirst({ where: { authorId: viewer.id, idempotencyKey: idempotency.key } });
    if (!comment) return null;
    assertSameRequest(comment, idempotency);
    return this.getVisible(viewer, comment.id);
  }

  /**
   * The commenter's number in this post: the one they already have, else the next free one.
   * A per-post advisory lock (held to the end of the transaction) makes two first-time
   * commenters take different numbers.
   */
  private async anonymousNumber(tx: Tx, postId: string, userId: string): Promise<number> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${postId}))`;
    const [row] = await tx.$queryRaw<{ mine: number | null; next: number }[]>`
      SELECT max(anonymous_number) FILTER (WHERE author_id = ${userId}) AS mine,
             coalesce(max(anonymous_number), 0) + 1 AS next
      FROM comments WHERE post_id = ${postId}`;
    return row.mine ?? row.next;
  }

  /**
   * Soft delete; author or STAFF. With live replies it stays as a tombstone.
   * @throws NotFoundError, ForbiddenError
   */
  async delete(viewer: Viewer, id: string): Promise<void> {
    const comment = await this.getVisible(viewer, id);
    if (!canModerate(viewer, comment.authorId)) throw new ForbiddenError();
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.comment.updateMany({ where: { id: comment.id, deletedAt: null }, data: { deletedAt: new Date() } });
      if (count === 1) await tx.post.update({ where: { id: comment.postId }, data: { commentCount: { decrement: 1 } } });
    });
  }

  /** Idempotent. @throws NotFoundError, UserInputError (one's own comment), RateLimitedError */
  async like(viewer: Viewer, id: string): Promise<CommentRecord> {
    assertMayParticipate(viewer);
    await this.throttle.consume('likesPerUser', viewer.id);
    const comment = await this.getVisible(viewer, id);
    if (comment.authorId === viewer.id) throw UserInputError.field('id', 'you cannot like your own comment');
    const updated = await this.db.$transaction(async (tx) => {
      const { count } = await tx.commentLike.createMany({ data: [{ commentId: comment.id, userId: viewer.id }], skipDuplicates: true });
      if (count === 0) return tx.comment.findUniqueOrThrow({ where: { id: comment.id } });
      return tx.comment.update({ where: { id: comment.id }, data: { likeCount: { increment: 1 } } });
    });
    return { ...updated, postAuthorId: comment.postAuthorId };
  }

  /** Idempotent. @throws NotFoundError */
  async unlike(viewer: Viewer, id: string): Promise<CommentRecord> {
    const comment = await this.getVisible(viewer, id);
    const updated = await this.db.$transaction(async (tx) => {
      const { count } = await tx.commentLike.deleteMany({ where: { commentId: comment.id, userId: viewer.id } });
      if (count === 0) return tx.comment.findUniqueOrThrow({ where: { id: comment.id } });
      return tx.comment.update({ where: { id: comment.id }, data: { likeCount: { decrement: 1 } } });
    });
    return { ...updated, postAuthorId: comment.postAuthorId };
  }
}

/**
 * Who hears of a new comment: the post's author (COMMENT_ON_MY_POST) and, for a reply, the
 * author of the comment replied to (REPLY_TO_MY_COMMENT, which wins when both are the same
 * person). The commenter is named as the comment shows them.
 */
function commentNotifications(comment: CommentRecord, parentAuthorId: string | null): NotificationDraft[] {
  const actor = { actorId: comment.authorId, actorName: comment.isAnonymous ? commentAuthorName(comment, null) : null, postId: comment.postId, commentId: comment.id };
  const drafts: NotificationDraft[] = [];
  if (parentAuthorId) drafts.push({ ...actor, userId: parentAuthorId, kind: NotificationKind.REPLY_TO_MY_COMMENT });
  if (comment.postAuthorId !== parentAuthorId) drafts.push({ ...actor, userId: comment.postAuthorId, kind: NotificationKind.COMMENT_ON_MY_POST });
  return drafts;
}
