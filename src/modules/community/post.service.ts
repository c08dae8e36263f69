import { assertMayParticipate } from '../../auth/membership';
import type { Throttle } from '../../auth/throttle';
import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Post as DbPost, Prisma } from '../../generated/prisma/client';
import { ForbiddenError, NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import { assertSameRequest, idempotencyColumns, idempotencyOf, keyedRowGone, type Idempotency } from '../../shared/idempotency';
import { decodeCursor, pageSize, toPage, type ConnectionArgs, type Page } from '../../shared/pagination';
import type { Outbox, OutboxBatch } from '../../realtime/outbox';
import type { MediaService, VerifiedUpload } from '../media/media.service';
import type { NotificationService } from '../notification/notification.service';
import { NotificationKind } from '../notification/notification.types';
import type { BoardService } from './board.service';
import { canModerate, canReadSchool, visiblePostWhere } from './community.policy';
import { writeMark } from './marks';
import type { CreatePostInput, HotPostsArgs, PostsArgs, UpdatePostInput } from './post.inputs';
import type { PostLoaders, PostPageKey } from './post.loaders';
import { checkPostCursor, DEFAULT_POST_ORDER, postCursor, type PostOrderSpec } from './post.sql';
import { requiredText } from '../../shared/text';

type Tx = Prisma.TransactionClient;

/** The list arguments of `posts` / `Board.posts`, normalised into a loader key. */
export function postPageKey(args: Omit<PostsArgs, 'boardId'>): PostPageKey {
  const order: PostOrderSpec = args.orderBy ? { field: args.orderBy.field, direction: args.orderBy.direction } : DEFAULT_POST_ORDER;
  if (args.after) checkPostCursor(args.after, order);
  return { search: args.search?.trim() || null, order, first: pageSize(args), after: args.after ?? null };
}

/**
 * Posts: reading (members of the board's school and STAFF), writing, and the idempotent
 * likes and scraps. Counters live in the post row and change in the same transaction as
 * the like or scrap row, so they never drift and lists can sort by them. Creating, liking
 * and scrapping count against the viewer's business-flow limits (throttle.ts).
 *
 * Mutations take the request's post loaders and clear or prime what they changed, so later
 * fields of the same request read the new state (optional: the seed and scripts run outside
 * a request).
 */
export class PostService {
  constructor(
    private readonly db: Db,
    private readonly boards: BoardService,
    private readonly limits: Config['community'],
    private readonly throttle: Throttle,
    private readonly media: Pick<MediaService, 'verifyPostImages' | 'setPostImages'>,
    private readonly notifications: NotificationService,
    private readonly outbox: Outbox,
  ) {}

  /** Where-clause for posts the viewer may read: live, on a live board of a readable school. */
  /** @throws NotFoundError unless the post exists, is live and the viewer may read it. */
  async getVisible(viewer: Viewer, id: string, tx: Tx | Db = this.db): Promise<DbPost> {
    const post = await tx.post.findFirst({ where: { id, ...visiblePostWhere(viewer) } });
    if (!post) throw new NotFoundError('Post');
    return post;
  }

  /**
   * A page of a board's posts.
   * @throws NotFoundError (board not visible), UserInputError (bad cursor)
   */
  async list(viewer: Viewer, args: PostsArgs, loaders: PostLoaders): Promise<Page<DbPost>> {
    const board = await this.boards.getVisible(viewer, args.boardId);
    return this.pageOfBoard(board.id, postPageKey(args), loaders);
  }

  /** A page of a board the caller already holds (so already checked visible). */
  async pageOfBoard(boardId: string, key: PostPageKey, loaders: PostLoaders): Promise<Page<DbPost>> {
    const rows = await loaders.postPages(key).load(boardId);
    return toPage(rows, key.first, (post) => postCursor(post, key.order), () => loaders.postCounts(key.search).load(boardId));
  }

  /**
   * Recent posts of a school with at least the configured number of likes, most liked first.
   * @throws NotFoundError when the viewer cannot read the school.
   */
  async hot(viewer: Viewer, args: HotPostsArgs): Promise<DbPost[]> {
    if (!canReadSchool(viewer, args.schoolId)) throw new NotFoundError('School');
    const since = new Date(Date.now() - this.limits.hotPostDays * 24 * 3600 * 1000);
    return this.db.post.findMany({
      where: { deletedAt: null, likeCount: { gte: this.limits.hotPostMinLikes }, createdAt: { gte: since }, board: { schoolId: args.schoolId, deletedAt: null } },
      orderBy: [{ likeCount: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
      take: args.first ?? 20,
    });
  }

  /** The viewer's scrapped posts that are still readable, most recently scrapped first. */
  async myScraps(viewer: Viewer, args: ConnectionArgs): Promise<Page<DbPost>> {
    const first = pageSize(args);
    const where: Prisma.PostScrapWhereInput = { userId: viewer.id, post: visiblePostWhere(viewer) };
    let after: Prisma.PostScrapWhereInput = {};
    if (args.after) {
      const [createdAt, postId] = decodeCursor(args.after, ['timestamp', 'text']);
      after = { OR: [{ createdAt: { lt: createdAt } }, { createdAt, postId: { lt: postId } }] };
    }
    const scraps = await this.db.postScrap.findMany({
      where: { ...where, ...after },
      orderBy: [{ createdAt: 'desc' }, { postId: 'desc' }],
      take: first + 1,
      include: { post: true },
    });
    return toPage(scraps, first, (s) => [s.createdAt.toISOString(), s.postId], () => this.db.postScrap.count({ where }), (s) => s.post);
  }

  /**
   * Creates a post; with an idempotency key, a retry returns the post the key created
   * (src/shared/idempotency.ts) without counting against the limit.
   * With `imageUploadIds`, the uploads are checked (media.service.ts) and bound in the post's transaction.
   * The new post primes `loaders`, for the rest of the request.
   * @throws NotFoundError (board; the keyed post deleted since), UserInputError (empty or too long
   *   title/content; imageUploadIds), ConflictError (key used with other fields), RateLimitedError
   */
  async create(viewer: Viewer, input: CreatePostInput, loaders?: PostLoaders): Promise<DbPost> {
    const post = await this.createPost(viewer, input);
    loaders?.postChanged(post);
    return post;
  }

  private async createPost(viewer: Viewer, input: CreatePostInput): Promise<DbPost> {
    assertMayParticipate(viewer);
    const imageIds = input.imageUploadIds ?? [];
    const idempotency = idempotencyOf(input.idempotencyKey, [input.boardId, input.title, input.content, input.isAnonymous, ...(imageIds.length > 0 ? [imageIds.join(',')] : [])]);
    const earlier = idempotency && (await this.createdWithKey(viewer, idempotency));
    if (earlier) return earlier;
    await this.throttle.consume('postsPerUser', viewer.id);
    const board = await this.boards.getVisible(viewer, input.boardId);
    const problems: FieldProblem[] = [];
    const title = requiredText(problems, 'title', input.title, this.limits.postTitleMaxLength);
    const content = requiredText(problems, 'content', input.content, this.limits.postContentMaxLength);
    if (problems.length > 0) throw new UserInputError(problems);
    const images = imageIds.length > 0 ? await this.media.verifyPostImages(viewer, imageIds) : [];
    const data = { boardId: board.id, authorId: viewer.id, title, content, isAnonymous: input.isAnonymous, ...idempotencyColumns(idempotency) };
    if (!idempotency) return images.length === 0 ? this.db.post.create({ data }) : this.db.$transaction(async (tx) => this.withImages(tx, await tx.post.create({ data }), images));
    // ON CONFLICT DO NOTHING: a concurrent call with this key inserted first (the insert waits
    // for it to commit), so this call answers with that post.
    const created = await this.db.$transaction(async (tx) => {
      const [row] = await tx.post.createManyAndReturn({ data: [data], skipDuplicates: true });
      return row && this.withImages(tx, row, images);
    });
    return created ?? (await this.createdWithKey(viewer, idempotency)) ?? keyedRowGone();
  }

  private async withImages(tx: Tx, post: DbPost, images: readonly VerifiedUpload[]): Promise<DbPost> {
    if (images.length > 0) await this.media.setPostImages(tx, post.id, images);
    return post;
  }

  /**
   * The post the viewer created with this key, or null.
   * @throws ConflictError (the key came with other fields), NotFoundError (that post is no longer visible)
   */
  private async createdWithKey(viewer: Viewer, idempotency: Idempotency): Promise<DbPost | null> {
    const post = await this.db.post.findFirst({ where: { authorId: viewer.id, idempotencyKey: idempotency.key } });
    if (!post) return null;
    assertSameRequest(post, idempotency);
    return this.getVisible(viewer, post.id);
  }

  /** Author or STAFF; the changed post primes `loaders`. @throws NotFoundError, ForbiddenError, UserInputError */
  async update(viewer: Viewer, id: string, input: UpdatePostInput, loaders?: PostLoaders): Promise<DbPost> {
    const updated = await this.updatePost(viewer, id, input);
    loaders?.postChanged(updated);
    return updated;
  }

  private async updatePost(viewer: Viewer, id: string, input: UpdatePostInput): Promise<DbPost> {
    const post = await this.getVisible(viewer, id);
    if (!canModerate(viewer, post.authorId)) throw new ForbiddenError();
    const problems: FieldProblem[] = [];
    const data: Prisma.PostUpdateInput = {};
    if (input.title != null) data.title = requiredText(problems, 'title', input.title, this.limits.postTitleMaxLength);
    if (input.content != null) data.content = requiredText(problems, 'content', input.content, this.limits.postContentMaxLength);
    if (problems.length > 0) throw new UserInputError(problems);
    if (input.imageUploadIds == null) return this.db.post.update({ where: { id: post.id }, data });
    // The listed images replace the post's (kept ones pass unchecked; dropped ones are detached).
    const images = await this.media.verifyPostImages(viewer, input.imageUploadIds, post.id);
    return this.db.$transaction(async (tx) => {
      const updated = await tx.post.update({ where: { id: post.id }, data });
      await this.media.setPostImages(tx, post.id, images);
      return updated;
    });
  }

  /** Soft delete; author or STAFF. Answers true. @throws NotFoundError, ForbiddenError */
  async delete(viewer: Viewer, id: string, loaders?: PostLoaders): Promise<boolean> {
    const post = await this.getVisible(viewer, id);
    if (!canModerate(viewer, post.authorId)) throw new ForbiddenError();
    await this.db.post.update({ where: { id: post.id }, data: { deletedAt: new Date() } });
    loaders?.forget(post.id);
    return true;
  }

  /**
   * Idempotent: liking twice is one like, and concurrent likes never double-count.
   * @throws NotFoundError, UserInputError (one's own post), RateLimitedError
   */
  async like(viewer: Viewer, id: string, loaders?: PostLoaders): Promise<DbPost> {
    assertMayParticipate(viewer);
    await this.throttle.consume('likesPerUser', viewer.id);
    const post = await this.getVisible(viewer, id);
    if (post.authorId === viewer.id) throw UserInputError.field('id', 'you cannot like your own post');
    return this.setMark(viewer, post, 'like', true, loaders);
  }

  /** Idempotent. @throws NotFoundError */
  async unlike(viewer: Viewer, id: string, loaders?: PostLoaders): Promise<DbPost> {
    return this.setMark(viewer, await this.getVisible(viewer, id), 'like', false, loaders);
  }

  /** Idempotent; counts as a like against the limits. @throws NotFoundError, RateLimitedError */
  async scrap(viewer: Viewer, id: string, loaders?: PostLoaders): Promise<DbPost> {
    assertMayParticipate(viewer);
    await this.throttle.consume('likesPerUser', viewer.id);
    return this.setMark(viewer, await this.getVisible(viewer, id), 'scrap', true, loaders);
  }

  /** Idempotent. @throws NotFoundError */
  async unscrap(viewer: Viewer, id: string, loaders?: PostLoaders): Promise<DbPost> {
    return this.setMark(viewer, await this.getVisible(viewer, id), 'scrap', false, loaders);
  }

  /**
   * Adds or removes the viewer's like or scrap row and moves the post's counter with it, in
   * one transaction (marks.ts). The changed post primes `loaders`.
   */
  private async setMark(viewer: Viewer, post: DbPost, mark: 'like' | 'scrap', on: boolean, loaders?: PostLoaders): Promise<DbPost> {
    const key = { postId: post.id, userId: viewer.id };
    const counter = mark === 'like' ? 'likeCount' : 'scrapCount';
    const [updated, batch] = await this.db.$transaction(async (tx) => {
      const rows = (mark === 'like' ? tx.postLike : tx.postScrap) as Tx['postLike'];
      const { item: changed, moved } = await writeMark({
        mark: () => (on ? rows.createMany({ data: [key], skipDuplicates: true }) : rows.deleteMany({ where: key })),
        moveCounter: () => tx.post.update({ where: { id: post.id }, data: { [counter]: on ? { increment: 1 } : { decrement: 1 } } }),
        readItem: () => tx.post.findUniqueOrThrow({ where: { id: post.id } }),
      });
      const becameHot = moved && mark === 'like' && on && changed.likeCount === this.limits.hotPostMinLikes && this.isRecent(changed);
      return [changed, becameHot ? await this.announceHot(tx, changed) : []] as const;
    });
    this.outbox.release(batch);
    loaders?.postChanged(updated);
    return updated;
  }

  /** Whether the post is young enough to be listed by hotPosts. */
  private isRecent(post: DbPost): boolean {
    return post.createdAt.getTime() >= Date.now() - this.limits.hotPostDays * 24 * 3600 * 1000;
  }

  /** HOT_POST for the author, once per post (a like taken back and given again does not repeat it). */
  private async announceHot(tx: Tx, post: DbPost): Promise<OutboxBatch> {
    const events = await this.notifications.createInTx(tx, [
      { userId: post.authorId, kind: NotificationKind.HOT_POST, actorId: null, postId: post.id, dedupeKey: `hot:${post.id}` },
    ]);
    return this.outbox.record(tx, events);
  }

}
