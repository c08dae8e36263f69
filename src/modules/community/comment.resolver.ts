import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Post as DbPost, User as DbUser } from '../../generated/prisma/client';
import { realtimeOf } from '../../realtime/streams';
import { ConnectionArgs, pageSize, toPage, type Page } from '../../shared/pagination';
import { thenMaybe, type MaybePromise } from '../../shared/loader-utils';
import { User } from '../account/account.types';
import { canSeeAuthor, commentAuthorName } from './anonymity';
import type { CommentService } from './comment.service';
import { canModerate, isStaff } from './community.policy';
import { CreateCommentInput } from './post.inputs';
import { authorOf } from './post.loaders';
import { commentCursor, type CommentRecord, type CommentRow } from './post.sql';
import { Comment, CommentConnection, Post } from './post.types';
import { IdArg } from '../../shared/ids';

@Resolver(() => Comment)
export class CommentResolver {
  constructor(private readonly comments: CommentService) {}

  @Authorized()
  @Mutation(() => Comment, { description: 'Comments on a post, or replies to a comment (replies are one level deep).' })
  createComment(@CurrentViewer() viewer: Viewer, @Arg('input', () => CreateCommentInput, { description: 'The new comment or reply.' }) input: CreateCommentInput): Promise<CommentRecord> {
    return this.comments.create(viewer, input);
  }

  @Authorized()
  @Subscription(() => Comment, {
    description: 'New comments and replies on a post the viewer may read, shown as in `post.comments` (over WebSocket, see the README). NOT_FOUND for a post the viewer cannot read.',
    subscribe: ({ context, args }) => {
      const { streams, viewer } = realtimeOf(context as Context);
      return streams.commentAdded(viewer, String(args.postId));
    },
  })
  commentAdded(
    @Root() comment: CommentRecord,
    @IdArg('postId', 'The post to follow.') _postId: string,
  ): CommentRecord {
    return comment;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a comment: its author or STAFF. One with replies stays as a tombstone.' })
  async deleteComment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The comment id.') id: string): Promise<boolean> {
    await this.comments.delete(viewer, id);
    return true;
  }

  @Authorized()
  @Mutation(() => Comment, { description: 'Likes a comment (idempotent). Not one\'s own: BAD_USER_INPUT.' })
  likeComment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The comment id.') id: string): Promise<CommentRecord> {
    return this.comments.like(viewer, id);
  }

  @Authorized()
  @Mutation(() => Comment, { description: 'Removes the viewer\'s like (idempotent).' })
  unlikeComment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The comment id.') id: string): Promise<CommentRecord> {
    return this.comments.unlike(viewer, id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Text; null when deleted, or blinded by reports (except for STAFF).' })
  content(@Root() comment: CommentRecord, @Ctx() { viewer }: Context): string | null {
    if (comment.deletedAt) return null;
    return comment.blindedAt && !isStaff(viewer) ? null : comment.content;
  }

  @FieldResolver(() => Boolean, { description: 'Whether it was deleted (shown only as a tombstone above its replies).' })
  isDeleted(@Root() comment: CommentRecord): boolean {
    return comment.deletedAt !== null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether reports have hidden the content until STAFF restores it.' })
  isBlinded(@Root() comment: CommentRecord): boolean {
    return comment.blindedAt !== null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The author; null when deleted, or anonymous (except for the author and STAFF).' })
  author(@Root() comment: CommentRecord, @Ctx() { viewer, loaders }: Context): MaybePromise<DbUser | null> {
    if (comment.deletedAt || !canSeeAuthor(viewer, comment.authorId, comment.isAnonymous)) return null;
    return authorOf(comment, loaders);
  }

  @FieldResolver(() => String, { description: 'The name to show: the nickname, 글쓴이 / 익명N when anonymous, "(deleted)" for a tombstone.' })
  authorDisplayName(@Root() comment: CommentRecord, @Ctx() { loaders }: Context): MaybePromise<string> {
    if (comment.isAnonymous || comment.deletedAt) return commentAuthorName(comment, null);
    return thenMaybe(authorOf(comment, loaders), (author) => commentAuthorName(comment, author));
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer likes it.' })
  viewerHasLiked(@Root() comment: CommentRecord, @Ctx() { loaders }: Context): MaybePromise<boolean> {
    return (comment as Partial<CommentRow>).viewerLiked ?? loaders.post.commentLiked.load(comment.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may delete it (author or STAFF).' })
  viewerCanDelete(@Root() comment: CommentRecord, @CurrentViewer() viewer: Viewer): boolean {
    return comment.deletedAt === null && canModerate(viewer, comment.authorId);
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment this replies to; null for a top-level comment.' })
  parent(@Root() comment: CommentRecord, @Ctx() { loaders }: Context): Promise<CommentRecord | null> | null {
    return comment.parentId ? loaders.post.commentById.load(comment.parentId) : null;
  }

  @FieldResolver(() => CommentConnection, { description: 'Replies, oldest first (always empty on a reply).' })
  async replies(@Root() comment: CommentRecord, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders }: Context): Promise<Page<CommentRow>> {
    const first = pageSize(args);
    if (comment.parentId) return toPage<CommentRow>([], first, commentCursor, () => 0);
    const rows = await loaders.post.replyPages(first, args.after ?? null).load(comment.id);
    return toPage(rows, first, commentCursor, () => loaders.post.replyCount.load(comment.id));
  }

  @FieldResolver(() => Post, { description: 'The post it belongs to.' })
  async post(@Root() comment: CommentRecord, @Ctx() { loaders }: Context): Promise<DbPost> {
    return (await loaders.post.postById.load(comment.postId))!;
  }
}
