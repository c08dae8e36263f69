/**
 * The source streams of the three subscriptions. Each event is re-read with the subscriber's
 * own viewer through the same service rules as the queries, so filtering happens before
 * anything is sent: an event the subscriber could not read with a query is skipped. The
 * streams exist only in the context of a WebSocket operation (src/realtime/websocket-server.ts).
 */
import type { Context } from '../context';
import type { Message as DbMessage, Notification as DbNotification } from '../generated/prisma/client';
import type { CommentService } from '../modules/community/comment.service';
import type { CommentWithPostAuthor } from '../modules/community/comment.types';
import type { PostService } from '../modules/community/post.service';
import type { MessageService } from '../modules/message/message.service';
import type { NotificationService } from '../modules/notification/notification.service';
import { NotFoundError, UnauthenticatedError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { EventBus } from './event-bus';
import type { CurrentViewer, RealtimeSource } from './source';
import { eventStream } from './event-stream';

export interface StreamServices {
  message: MessageService;
  post: PostService;
  comment: CommentService;
  notification: NotificationService;
}

export class RealtimeStreams implements RealtimeSource {
  constructor(
    private readonly bus: EventBus,
    private readonly services: StreamServices,
    private readonly logger: Logger,
  ) {}

  /** Messages sent to the viewer, in any of their conversations. */
  messageReceived(viewer: CurrentViewer): AsyncIterableIterator<DbMessage> {
    return eventStream(this.bus, 'message.sent', (event) =>
      event.recipientId === viewer().id ? this.orSkip(this.services.message.getReceived(viewer(), event.messageId)) : null,
    );
  }

  /**
   * New comments and replies on a post the viewer may read, as `post(id).comments` shows them.
   * @throws NotFoundError when the post is not readable by the viewer (checked before the stream starts)
   */
  async commentAdded(viewer: CurrentViewer, postId: string): Promise<AsyncIterableIterator<CommentWithPostAuthor>> {
    await this.services.post.getVisible(viewer(), postId);
    return eventStream(this.bus, 'comment.added', (event) =>
      event.postId === postId ? this.orSkip(this.services.comment.getVisible(viewer(), event.commentId)) : null,
    );
  }

  /** The viewer's new notifications. */
  notificationAdded(viewer: CurrentViewer): AsyncIterableIterator<DbNotification> {
    return eventStream(this.bus, 'notification.added', (event) =>
      event.userId === viewer().id ? this.orSkip(this.services.notification.getOwn(viewer(), event.notificationId)) : null,
    );
  }

  /** NOT_FOUND (no longer readable) skips the event; a fault is logged and skips it too. */
  private async orSkip<T>(load: Promise<T | null>): Promise<T | null> {
    try {
      return await load;
    } catch (error) {
      if (!(error instanceof NotFoundError)) this.logger.warn({ err: error }, 'could not load a realtime event for a subscriber (skipped)');
      return null;
    }
  }
}

/** The streams and viewer of a WebSocket operation's context. @throws UnauthenticatedError outside one */
export function realtimeOf(context: Context): { streams: RealtimeSource; viewer: CurrentViewer } {
  const streams = context.realtime;
  if (!streams || !context.viewer) throw new UnauthenticatedError('Subscriptions run over WebSocket, after connection_init with a valid access token');
  const subscribed = context.viewer;
  // A WebSocket context reads `viewer` from its connection (a getter): it follows account changes.
  return { streams, viewer: () => context.viewer ?? subscribed };
}
