import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import { Role, type Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Post as DbPost, User as DbUser } from '../../generated/prisma/client';
import type { Page } from '../../shared/pagination';
import { User } from '../account/account.types';
import { Comment, type CommentWithPostAuthor } from '../community/comment.types';
import { Post } from '../community/post.types';
import { ModerationQueueArgs, SuspendUserInput } from './moderation.inputs';
import type { ModerationService } from './moderation.service';
import { ModerationItem, ModerationItemConnection, ModerationKind, Suspension, type ModerationItemRow, type SuspensionRecord } from './moderation.types';
import type { SuspensionService } from './suspension.service';
import { IdArg } from '../../shared/ids';

/** STAFF tools: the moderation queue, dismissing reports, suspending accounts. */
@Resolver()
export class ModerationResolver {
  constructor(
    private readonly moderation: ModerationService,
    private readonly suspensions: SuspensionService,
  ) {}

  @Authorized(Role.STAFF)
  @Query(() => ModerationItemConnection, {
    description: 'STAFF: reported and blinded posts and comments with their pending reports, the most recently reported first.',
  })
  moderationQueue(@CurrentViewer() viewer: Viewer, @Args(() => ModerationQueueArgs) args: ModerationQueueArgs): Promise<Page<ModerationItemRow>> {
    return this.moderation.queue(viewer, args);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => Int, {
    description: 'STAFF: dismisses the pending reports of a post or comment and shows it again if they blinded it. Answers how many were dismissed (0 when none were pending).',
  })
  dismissReports(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post or comment id (ModerationItem.id).') id: string): Promise<number> {
    return this.moderation.dismissReports(viewer, id);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => Suspension, {
    description: 'STAFF: suspends an account. Every session of it ends at once; it cannot sign in or refresh (ACCOUNT_SUSPENDED) until `until` or unsuspendUser; its content stays.',
  })
  suspendUser(@CurrentViewer() viewer: Viewer, @Arg('input', () => SuspendUserInput, { description: 'Whom, until when, why.' }) input: SuspendUserInput): Promise<SuspensionRecord> {
    return this.suspensions.suspend(viewer, input);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => User, { description: "STAFF: lifts an account's suspension (it may sign in again). Idempotent." })
  unsuspendUser(@CurrentViewer() viewer: Viewer, @IdArg('userId', 'The suspended account.') userId: string): Promise<DbUser> {
    return this.suspensions.unsuspend(viewer, userId);
  }
}

/** The item itself, for STAFF to read (blinded content included). */
@Resolver(() => ModerationItem)
export class ModerationItemResolver {
  @FieldResolver(() => Post, { nullable: true, description: "The post; for a comment, the comment's post. Null if it was removed meanwhile." })
  post(@Root() item: ModerationItemRow, @Ctx() { loaders }: Context): Promise<DbPost | null> {
    return loaders.post.postById.load(item.postId);
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment, for a COMMENT item; null for a post.' })
  comment(@Root() item: ModerationItemRow, @Ctx() { loaders }: Context): Promise<CommentWithPostAuthor | null> | null {
    return item.kind === ModerationKind.COMMENT ? loaders.comment.commentById.load(item.id) : null;
  }
}
