import { assertMayParticipate } from '../../auth/membership';
import type { Throttle } from '../../auth/throttle';
import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { ForbiddenError, NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import { pageSize, toPage, type ConnectionArgs, type Page } from '../../shared/pagination';
import { assertSameRequest, idempotencyColumns, idempotencyOf, keyedRowGone, type Idempotency } from '../../shared/idempotency';
import type { Outbox, OutboxEntry } from '../../realtime/outbox';
import type { NotificationDraft, NotificationService } from '../notification/notification.service';
import { NotificationKind } from '../notification/notification.types';
import { commentAuthorName } from './anonymity';
import type { CreateCommentInput } from './comment.inputs';
import type { CommentLoaders, CommunityLoaders } from './comment.loaders';
import { anonymousNumberInTx, commentCursor } from './comment.sql';
import type { CommentPageRow, CommentWithPostAuthor } from './comment.types';
import { canModerate } from './community.policy';
import { writeMark } from './marks';
import { requiredText } from '../../shared/text';
import type { PostService } from './post.service';

type Tx = Prisma.TransactionClient;

/**
 * Comments and replies (one level deep), their anonymity numbers and likes. The post's
 * `commentCount` changes in the same transaction as the comment. Commenting and liking count
 * against the viewer's business-flow limits (throttle.ts).
 *
 * Mutations take the request's loaders and clear or prime what they changed, so
 * later fields of the same request read the new state (optional: the seed and scripts run
 * outside a request).
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
  async getVisible(viewer: Viewer, id: string, tx: Tx | Db = this.db): Promise<CommentWithPostAuthor> {
    const comment = await tx.comment.findFirst({ where: { id, deletedAt: null } });
    if (!comment) throw new NotFoundError('Comment');
    const post = await this.posts.getVisible(viewer, comment.postId, tx).catch(() => null);
    if (!post) throw new NotFoundError('Comment');
    return { ...comment, postAuthorId: post.authorId };
  }

  /** A page of a post's top-level comments, oldest first (the caller holds the post, so it is visible). */
  async pageOfPost(postId: string, args: ConnectionArgs, loaders: CommentLoaders): Promise<Page<CommentPageRow>> {
    const first = pageSize(args);
    const rows = await loaders.commentPages(first, args.after ?? null).load(postId);
    return toPage(rows, first, commentCursor, () => loaders.topLevelCommentCount.load(postId));
  }

  /** A page of a comment's replies, oldest first; always empty on a reply (replies are one level deep). */
  async repliesOf(comment: CommentWithPostAuthor, args: ConnectionArgs, loaders: CommentLoaders): Promise<Page<CommentPageRow>> {
    const first = pageSize(args);
    if (comment.parentId) return toPage<CommentPageRow>([], first, commentCursor, () => 0);
    const rows = await loaders.replyPages(first, args.after ?? null).load(comment.id);
    return toPage(rows, first, commentCursor, () => loaders.replyCount.load(comment.id));
  }

  /**
   * Comments on a post, or replies to a comment of it; a reply to a reply attaches to the
   * top-level comment. An anonymous commenter keeps one number per post (익명N). With an
   * idempotency key, a retry returns the comment the key created (src/shared/idempotency.ts)
   * without counting against the limit. The new comment primes `loaders`; its post and the
   * post's counts are read again.
   * @throws NotFoundError (post or parent; the keyed comment deleted since), UserInputError (empty
   *   or too long content), ConflictError (key used with other fields), RateLimitedError
   */
  async create(viewer: Viewer, input: CreateCommentInput, loaders?: CommunityLoaders): Promise<CommentWithPostAuthor> {
    assertMayParticipate(viewer);
    const idempotency = idempotencyOf(input.idempotencyKey, [input.postId, input.parentId, input.content, input.isAnonymous]);
    const earlier = idempotency && (await this.createdWithKey(viewer, idempotency));
    if (earlier) return earlier;
    await this.throttle.consume('commentsPerUser', viewer.id);
    const post = await this.posts.getVisible(viewer, input.postId);
    const problems: FieldProblem[] = [];
    const content = requiredText(problems, 'content', input.content, this.limits.commentMaxLength);
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
      const anonymousNumber = input.isAnonymous && viewer.id !== post.authorId ? await anonymousNumberInTx(tx, post.id, viewer.id) : null;
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
    loaders?.comment.commentChanged(comment, false);
    loaders?.comment.countsChanged(comment);
    loaders?.post.forget(comment.postId);
    return comment;
  }

  /**
   * The comment the viewer wrote with this key, or null.
   * @throws ConflictError (the key came with other fields), NotFoundError (that comment is no longer visible)
   */
  private async createdWithKey(viewer: Viewer, idempotency: Idempotency): Promise<CommentWithPostAuthor | null> {
    const comment = await this.db.comment.findFirst({ where: { authorId: viewer.id, idempotencyKey: idempotency.key } });
    if (!comment) return null;
    assertSameRequest(comment, idempotency);
    return this.getVisible(viewer, comment.id);
  }

  /**
   * Soft delete; author or STAFF. With live replies it stays as a tombstone. Answers true; the
   * comment, its post and the post's counts are read again by later fields.
   * @throws NotFoundError, ForbiddenError
   */
  async delete(viewer: Viewer, id: string, loaders?: CommunityLoaders): Promise<boolean> {
    const comment = await this.getVisible(viewer, id);
    if (!canModerate(viewer, comment.authorId)) throw new ForbiddenError();
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.comment.updateMany({ where: { id: comment.id, deletedAt: null }, data: { deletedAt: new Date() } });
      if (count === 1) await tx.post.update({ where: { id: comment.postId }, data: { commentCount: { decrement: 1 } } });
    });
    loaders?.comment.commentDeleted(comment);
    loaders?.post.forget(comment.postId);
    return true;
  }

  /** Idempotent. @throws NotFoundError, UserInputError (one's own comment), RateLimitedError */
  async like(viewer: Viewer, id: string, loaders?: CommentLoaders): Promise<CommentWithPostAuthor> {
    assertMayParticipate(viewer);
    await this.throttle.consume('likesPerUser', viewer.id);
    const comment = await this.getVisible(viewer, id);
    if (comment.authorId === viewer.id) throw UserInputError.field('id', 'you cannot like your own comment');
    return this.setLike(viewer, comment, true, loaders);
  }

  /** Idempotent. @throws NotFoundError */
  async unlike(viewer: Viewer, id: string, loaders?: CommentLoaders): Promise<CommentWithPostAuthor> {
    return this.setLike(viewer, await this.getVisible(viewer, id), false, loaders);
  }

  /**
   * Adds or removes the viewer's like row and moves the comment's counter with it, in one
   * transaction (marks.ts). The changed comment, and the viewer's like of it, prime `loaders`.
   */
  private async setLike(viewer: Viewer, comment: CommentWithPostAuthor, on: boolean, loaders?: CommentLoaders): Promise<CommentWithPostAuthor> {
    const key = { commentId: comment.id, userId: viewer.id };
    const { item } = await this.db.$transaction((tx) =>
      writeMark({
        mark: () => (on ? tx.commentLike.createMany({ data: [key], skipDuplicates: true }) : tx.commentLike.deleteMany({ where: key })),
        moveCounter: () => tx.comment.update({ where: { id: comment.id }, data: { likeCount: on ? { increment: 1 } : { decrement: 1 } } }),
        readItem: () => tx.comment.findUniqueOrThrow({ where: { id: comment.id } }),
      }),
    );
    const updated = { ...item, postAuthorId: comment.postAuthorId };
    loaders?.commentChanged(updated, on);
    return updated;
  }
}

/**
 * Who hears of a new comment: the post's author (COMMENT_ON_MY_POST) and, for a reply, the
 * author of the comment replied to (REPLY_TO_MY_COMMENT, which wins when both are the same
 * person). The commenter is named as the comment shows them.
 */
function commentNotifications(comment: CommentWithPostAuthor, parentAuthorId: string | null): NotificationDraft[] {
  const actor = { actorId: comment.authorId, actorName: comment.isAnonymous ? commentAuthorName(comment, null) : null, postId: comment.postId, commentId: comment.id };
  const drafts: NotificationDraft[] = [];
  if (parentAuthorId) drafts.push({ ...actor, userId: parentAuthorId, kind: NotificationKind.REPLY_TO_MY_COMMENT });
  if (comment.postAuthorId !== parentAuthorId) drafts.push({ ...actor, userId: comment.postAuthorId, kind: NotificationKind.COMMENT_ON_MY_POST });
  return drafts;
}
