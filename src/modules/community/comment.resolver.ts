import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Post as DbPost, User as DbUser } from '../../generated/prisma/client';
import { realtimeOf } from '../../realtime/streams';
import { ConnectionArgs, type Page } from '../../shared/pagination';
import { thenMaybe, type MaybePromise } from '../../shared/loader-utils';
import { User } from '../account/account.types';
import { canSeeAuthor, commentAuthorName } from './anonymity';
import { CreateCommentInput } from './comment.inputs';
import type { CommentService } from './comment.service';
import { Comment, CommentConnection, type CommentPageRow, type CommentWithPostAuthor, type ResolvedComment } from './comment.types';
import { canModerate, visibleContent } from './community.policy';
import { authorOf } from './post.loaders';
import { Post } from './post.types';
import { IdArg } from '../../shared/ids';

@Resolver(() => Comment)
export class CommentResolver {
  constructor(private readonly comments: CommentService) {}

  @Authorized()
  @Mutation(() => Comment, { description: 'Comments on a post, or replies to a comment (replies are one level deep).' })
  createComment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateCommentInput, { description: 'The new comment or reply.' }) input: CreateCommentInput,
    @Ctx() { loaders }: Context,
  ): Promise<CommentWithPostAuthor> {
    return this.comments.create(viewer, input, loaders);
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
    @Root() comment: CommentWithPostAuthor,
    @IdArg('postId', 'The post to follow.') _postId: string,
  ): CommentWithPostAuthor {
    return comment;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a comment: its author or STAFF. One with replies stays as a tombstone.' })
  deleteComment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The comment id.') id: string, @Ctx() { loaders }: Context): Promise<boolean> {
    return this.comments.delete(viewer, id, loaders);
  }

  @Authorized()
  @Mutation(() => Comment, { description: 'Likes a comment (idempotent). Not one\'s own: BAD_USER_INPUT.' })
  likeComment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The comment id.') id: string, @Ctx() { loaders }: Context): Promise<CommentWithPostAuthor> {
    return this.comments.like(viewer, id, loaders.comment);
  }

  @Authorized()
  @Mutation(() => Comment, { description: 'Removes the viewer\'s like (idempotent).' })
  unlikeComment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The comment id.') id: string, @Ctx() { loaders }: Context): Promise<CommentWithPostAuthor> {
    return this.comments.unlike(viewer, id, loaders.comment);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Text; null when deleted, or blinded by reports (except for STAFF).' })
  content(@Root() comment: CommentWithPostAuthor, @Ctx() { viewer }: Context): string | null {
    return comment.deletedAt ? null : visibleContent(viewer, comment);
  }

  @FieldResolver(() => Boolean, { description: 'Whether it was deleted (shown only as a tombstone above its replies).' })
  isDeleted(@Root() comment: CommentWithPostAuthor): boolean {
    return comment.deletedAt !== null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether reports have hidden the content until STAFF restores it.' })
  isBlinded(@Root() comment: CommentWithPostAuthor): boolean {
    return comment.blindedAt !== null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The author; null when deleted, or anonymous (except for the author and STAFF).' })
  author(@Root() comment: ResolvedComment, @Ctx() { viewer, loaders }: Context): MaybePromise<DbUser | null> {
    return comment.deletedAt || !canSeeAuthor(viewer, comment.authorId, comment.isAnonymous) ? null : authorOf(comment, loaders);
  }

  @FieldResolver(() => String, { description: 'The name to show: the nickname, 글쓴이 / 익명N when anonymous, "(deleted)" for a tombstone.' })
  authorDisplayName(@Root() comment: ResolvedComment, @Ctx() { loaders }: Context): MaybePromise<string> {
    return comment.isAnonymous || comment.deletedAt
      ? commentAuthorName(comment, null)
      : thenMaybe(authorOf(comment, loaders), (author) => commentAuthorName(comment, author));
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer likes it.' })
  viewerHasLiked(@Root() comment: ResolvedComment, @Ctx() { loaders }: Context): MaybePromise<boolean> {
    return comment.viewerLiked ?? loaders.comment.commentLiked.load(comment.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may delete it (author or STAFF).' })
  viewerCanDelete(@Root() comment: CommentWithPostAuthor, @CurrentViewer() viewer: Viewer): boolean {
    return comment.deletedAt === null && canModerate(viewer, comment.authorId);
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment this replies to; null for a top-level comment.' })
  parent(@Root() comment: CommentWithPostAuthor, @Ctx() { loaders }: Context): Promise<CommentWithPostAuthor | null> | null {
    return comment.parentId ? loaders.comment.commentById.load(comment.parentId) : null;
  }

  @FieldResolver(() => CommentConnection, { description: 'Replies, oldest first (always empty on a reply).' })
  replies(@Root() comment: CommentWithPostAuthor, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders }: Context): Promise<Page<CommentPageRow>> {
    return this.comments.repliesOf(comment, args, loaders.comment);
  }

  @FieldResolver(() => Post, { description: 'The post it belongs to.' })
  async post(@Root() comment: CommentWithPostAuthor, @Ctx() { loaders }: Context): Promise<DbPost> {
    return (await loaders.post.postById.load(comment.postId))!;
  }
}

/** `Post.comments`: the post's comment pages belong to the comments' service. */
@Resolver(() => Post)
export class PostCommentsResolver {
  constructor(private readonly commentService: CommentService) {}

  @FieldResolver(() => CommentConnection, { description: 'Top-level comments, oldest first; deleted ones with replies stay as tombstones.' })
  comments(@Root() post: DbPost, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders }: Context): Promise<Page<CommentPageRow>> {
    return this.commentService.pageOfPost(post.id, args, loaders.comment);
  }
}
