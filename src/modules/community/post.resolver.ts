import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Board as DbBoard, Post as DbPost, User as DbUser } from '../../generated/prisma/client';
import { ConnectionArgs, type Page } from '../../shared/pagination';
import { thenMaybe, type MaybePromise } from '../../shared/loader-utils';
import { User } from '../account/account.types';
import { canSeeAuthor, postAuthorName } from './anonymity';
import { Board } from './board.types';
import { canModerate, visibleContent } from './community.policy';
import { BoardPostsArgs, CreatePostInput, HotPostsArgs, PostsArgs, UpdatePostInput } from './post.inputs';
import { authorOf } from './post.loaders';
import { postPageKey, type PostService } from './post.service';
import { Post, PostConnection, type ResolvedPost } from './post.types';
import { IdArg } from '../../shared/ids';

@Resolver(() => Post)
export class PostResolver {
  constructor(private readonly postService: PostService) {}

  @Authorized()
  @Query(() => Post, { nullable: true, description: 'One post. NOT_FOUND unless it is live and the viewer is a member of its school (or STAFF).' })
  post(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post id.') id: string): Promise<DbPost> {
    return this.postService.getVisible(viewer, id);
  }

  @Authorized()
  @Query(() => PostConnection, { description: 'A page of a board\'s posts: newest first unless `orderBy` says otherwise.' })
  posts(@CurrentViewer() viewer: Viewer, @Args(() => PostsArgs) args: PostsArgs, @Ctx() { loaders }: Context): Promise<Page<DbPost>> {
    return this.postService.list(viewer, args, loaders.post);
  }

  @Authorized()
  @Query(() => [Post], { description: 'Recent posts of a school with many likes (thresholds from the server configuration), most liked first.' })
  hotPosts(@CurrentViewer() viewer: Viewer, @Args(() => HotPostsArgs) args: HotPostsArgs): Promise<DbPost[]> {
    return this.postService.hot(viewer, args);
  }

  @Authorized()
  @Query(() => PostConnection, { description: "The viewer's scrapped posts, most recently scrapped first." })
  myScraps(@CurrentViewer() viewer: Viewer, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<Page<DbPost>> {
    return this.postService.myScraps(viewer, args);
  }

  @Authorized()
  @Mutation(() => Post, { description: 'Posts on a board of the viewer\'s school.' })
  createPost(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreatePostInput, { description: 'The new post.' }) input: CreatePostInput,
    @Ctx() { loaders }: Context,
  ): Promise<DbPost> {
    return this.postService.create(viewer, input, loaders.post);
  }

  @Authorized()
  @Mutation(() => Post, { description: 'Edits a post: its author or STAFF (FORBIDDEN otherwise).' })
  updatePost(
    @CurrentViewer() viewer: Viewer,
    @IdArg('id', 'The post id.') id: string,
    @Arg('input', () => UpdatePostInput, { description: 'The changes.' }) input: UpdatePostInput,
    @Ctx() { loaders }: Context,
  ): Promise<DbPost> {
    return this.postService.update(viewer, id, input, loaders.post);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a post: its author or STAFF (FORBIDDEN otherwise).' })
  deletePost(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post id.') id: string, @Ctx() { loaders }: Context): Promise<boolean> {
    return this.postService.delete(viewer, id, loaders.post);
  }

  @Authorized()
  @Mutation(() => Post, { description: 'Likes a post (idempotent). Not one\'s own: BAD_USER_INPUT.' })
  likePost(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post id.') id: string, @Ctx() { loaders }: Context): Promise<DbPost> {
    return this.postService.like(viewer, id, loaders.post);
  }

  @Authorized()
  @Mutation(() => Post, { description: 'Removes the viewer\'s like (idempotent).' })
  unlikePost(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post id.') id: string, @Ctx() { loaders }: Context): Promise<DbPost> {
    return this.postService.unlike(viewer, id, loaders.post);
  }

  @Authorized()
  @Mutation(() => Post, { description: 'Scraps (bookmarks) a post (idempotent).' })
  scrapPost(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post id.') id: string, @Ctx() { loaders }: Context): Promise<DbPost> {
    return this.postService.scrap(viewer, id, loaders.post);
  }

  @Authorized()
  @Mutation(() => Post, { description: 'Removes the viewer\'s scrap (idempotent).' })
  unscrapPost(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post id.') id: string, @Ctx() { loaders }: Context): Promise<DbPost> {
    return this.postService.unscrap(viewer, id, loaders.post);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Body; null while the post is blinded by reports (except for STAFF).' })
  content(@Root() post: DbPost, @Ctx() { viewer }: Context): string | null {
    return visibleContent(viewer, post);
  }

  @FieldResolver(() => Boolean, { description: 'Whether reports have hidden the content until STAFF restores it.' })
  isBlinded(@Root() post: DbPost): boolean {
    return post.blindedAt !== null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The author; null when anonymous, except for the author and STAFF.' })
  author(@Root() post: ResolvedPost, @Ctx() { viewer, loaders }: Context): MaybePromise<DbUser | null> {
    return canSeeAuthor(viewer, post.authorId, post.isAnonymous) ? authorOf(post, loaders) : null;
  }

  @FieldResolver(() => String, { description: 'The name to show: the nickname, "익명" when anonymous, "(deleted user)" for a deleted account.' })
  authorDisplayName(@Root() post: ResolvedPost, @Ctx() { loaders }: Context): MaybePromise<string> {
    return post.isAnonymous ? postAuthorName(post, null) : thenMaybe(authorOf(post, loaders), (author) => postAuthorName(post, author));
  }

  @FieldResolver(() => Board, { description: 'The board it is on.' })
  async board(@Root() post: DbPost, @Ctx() { loaders }: Context): Promise<DbBoard> {
    return (await loaders.board.boardById.load(post.boardId))!;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer likes it.' })
  viewerHasLiked(@Root() post: ResolvedPost, @Ctx() { loaders }: Context): MaybePromise<boolean> {
    return post.viewerLiked ?? loaders.post.postFlags.load(post.id).then((flags) => flags.liked);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer scrapped it.' })
  viewerHasScrapped(@Root() post: ResolvedPost, @Ctx() { loaders }: Context): MaybePromise<boolean> {
    return post.viewerScrapped ?? loaders.post.postFlags.load(post.id).then((flags) => flags.scrapped);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may edit and delete it (author or STAFF).' })
  viewerCanEdit(@Root() post: DbPost, @CurrentViewer() viewer: Viewer): boolean {
    return canModerate(viewer, post.authorId);
  }
}

@Resolver(() => Board)
export class BoardPostsResolver {
  constructor(private readonly postService: PostService) {}

  @FieldResolver(() => PostConnection, { name: 'posts', description: 'A page of the board\'s posts, batched across boards (a feed of several boards costs no more queries than one).' })
  posts(@Root() board: DbBoard, @Args(() => BoardPostsArgs) args: BoardPostsArgs, @Ctx() { loaders }: Context): Promise<Page<DbPost>> {
    return this.postService.pageOfBoard(board.id, postPageKey(args), loaders.post);
  }
}
