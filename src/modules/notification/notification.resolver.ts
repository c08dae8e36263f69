import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription, UseMiddleware } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Conversation as DbConversation, Notification as DbNotification, Post as DbPost } from '../../generated/prisma/client';
import { realtimeOf } from '../../realtime/streams';
import type { Page } from '../../shared/pagination';
import { Comment, type CommentWithPostAuthor } from '../community/comment.types';
import { Post } from '../community/post.types';
import { Conversation } from '../message/message.types';
import { NoStore } from '../../plugins/no-store';
import { MarkNotificationsReadInput, NotificationsArgs } from './notification.inputs';
import type { NotificationService } from './notification.service';
import { Notification, NotificationConnection } from './notification.types';


@UseMiddleware(NoStore)
@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly notificationService: NotificationService) {}

  @Authorized()
  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first." })
  notifications(@CurrentViewer() viewer: Viewer, @Args(() => NotificationsArgs) args: NotificationsArgs): Promise<Page<DbNotification>> {
    return this.notificationService.list(viewer, args);
  }

  @Authorized()
  @Query(() => Int, { description: "How many of the viewer's notifications are unread." })
  unreadNotificationCount(@CurrentViewer() viewer: Viewer): Promise<number> {
    return this.notificationService.unreadCount(viewer);
  }

  @Authorized()
  @Mutation(() => Int, { description: "Marks notifications of the viewer read (`ids`, or `all: true`); answers the viewer's unread count afterwards." })
  markNotificationsRead(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => MarkNotificationsReadInput, { description: 'Which notifications.' }) input: MarkNotificationsReadInput,
  ): Promise<number> {
    return this.notificationService.markRead(viewer, input);
  }

  @Authorized()
  @Subscription(() => Notification, {
    description: "The viewer's new notifications, as they are created (over WebSocket, see the README).",
    subscribe: ({ context }) => {
      const { streams, viewer } = realtimeOf(context as Context);
      return streams.notificationAdded(viewer);
    },
  })
  notificationAdded(@Root() notification: DbNotification): DbNotification {
    return notification;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Who caused it, named as the viewer sees them elsewhere ("익명2", "글쓴이" or "익명" when they acted anonymously); null for HOT_POST.',
  })
  actorDisplayName(@Root() notification: DbNotification, @Ctx() { loaders }: Context): Promise<string | null> {
    return this.notificationService.actorDisplayName(notification, loaders.user);
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The post it is about (comments and HOT_POST); null once the viewer cannot read it.' })
  post(@Root() notification: DbNotification, @Ctx() { loaders }: Context): Promise<DbPost | null> | null {
    return notification.postId ? loaders.notification.readablePostById.load(notification.postId) : null;
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment or reply it is about; null once deleted or not readable.' })
  comment(@Root() notification: DbNotification, @Ctx() { loaders }: Context): Promise<CommentWithPostAuthor | null> | null {
    return notification.commentId ? loaders.notification.readableCommentById.load(notification.commentId) : null;
  }

  @FieldResolver(() => Conversation, { nullable: true, description: 'The conversation it is about (MESSAGE).' })
  conversation(@Root() notification: DbNotification, @Ctx() { loaders }: Context): Promise<DbConversation | null> | null {
    return notification.conversationId ? loaders.message.conversationById.load(notification.conversationId) : null;
  }
}

