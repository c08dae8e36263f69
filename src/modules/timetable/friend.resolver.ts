import { Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Timetable as DbTimetable } from '../../generated/prisma/client';
import { ConnectionArgs, type Page } from '../../shared/pagination';
import { FriendRequestsArgs, FriendTargetArgs, UserIdArgs } from './friend.inputs';
import type { FriendService, FriendshipView } from './friend.service';
import type { FriendRow } from './friend.sql';
import { Friend, FriendConnection, FriendRequestConnection, Friendship, type FriendRequestDirection } from './friend.types';
import { SemesterArgs } from './timetable.inputs';
import { Timetable } from './timetable.types';

@Resolver(() => Friend)
export class FriendResolver {
  constructor(private readonly friendService: FriendService) {}

  @Authorized()
  @Query(() => FriendConnection, { description: "The viewer's friends, most recent friendship first." })
  friends(@CurrentViewer() viewer: Viewer, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<Page<FriendRow & { id: string; since: Date }>> {
    return this.friendService.listFriends(viewer, args);
  }

  @Authorized()
  @Query(() => FriendRequestConnection, { description: 'Pending friend requests to or from the viewer, newest first (incoming ones from users the viewer blocked are hidden).' })
  friendRequests(@CurrentViewer() viewer: Viewer, @Args(() => FriendRequestsArgs) args: FriendRequestsArgs): Promise<Page<FriendRow & { id: string; direction: FriendRequestDirection; createdAt: Date }>> {
    return this.friendService.listRequests(viewer, args.direction, args);
  }

  @Authorized()
  @Mutation(() => Friendship, {
    description: 'Asks a member of the viewer\'s school (by userId or username) to be friends; accepts their request if they asked first. Idempotent. NOT_FOUND for anyone else.',
  })
  sendFriendRequest(@CurrentViewer() viewer: Viewer, @Args(() => FriendTargetArgs) args: FriendTargetArgs): Promise<FriendshipView> {
    return this.friendService.send(viewer, args);
  }

  @Authorized()
  @Mutation(() => Friendship, { description: 'Accepts the pending request from a user (idempotent once friends). NOT_FOUND when there is none.' })
  acceptFriendRequest(@CurrentViewer() viewer: Viewer, @Args(() => UserIdArgs) args: UserIdArgs): Promise<FriendshipView> {
    return this.friendService.accept(viewer, args.userId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Declines the pending request from a user (idempotent).' })
  declineFriendRequest(@CurrentViewer() viewer: Viewer, @Args(() => UserIdArgs) args: UserIdArgs): Promise<boolean> {
    return this.friendService.decline(viewer, args.userId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends a friendship, or withdraws the viewer\'s pending request (idempotent).' })
  removeFriend(@CurrentViewer() viewer: Viewer, @Args(() => UserIdArgs) args: UserIdArgs): Promise<boolean> {
    return this.friendService.remove(viewer, args.userId);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Blocks a user (idempotent): ends any friendship or request between the two, hides their requests, and stops their messages to the viewer.',
  })
  blockUser(@CurrentViewer() viewer: Viewer, @Args(() => UserIdArgs) args: UserIdArgs): Promise<boolean> {
    return this.friendService.block(viewer, args.userId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Unblocks a user (idempotent).' })
  unblockUser(@CurrentViewer() viewer: Viewer, @Args(() => UserIdArgs) args: UserIdArgs): Promise<boolean> {
    return this.friendService.unblock(viewer, args.userId);
  }

  @FieldResolver(() => Timetable, {
    nullable: true,
    description: "The friend's primary timetable of a semester; null when they have none or made it private. Batched across friends.",
  })
  primaryTimetable(@Root() friend: FriendRow, @Args(() => SemesterArgs) args: SemesterArgs, @Ctx() { loaders }: Context): Promise<DbTimetable | null> {
    return this.friendService.sharedPrimaryTimetable(friend.otherId, args.semester, loaders.timetable);
  }
}
