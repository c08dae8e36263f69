/**
 * What a WebSocket operation's context offers the subscription resolvers: one source stream
 * per subscription (implemented by RealtimeStreams). A leaf of the import graph, so that the
 * context can name it without depending on the modules.
 */
import type { Viewer } from '../auth/viewer';
import type { Comment as DbComment, Message as DbMessage, Notification as DbNotification } from '../generated/prisma/client';

/**
 * The subscriber's viewer as of now: a connection keeps its viewer up to date when the
 * account changes (role, school), and each event is filtered with the current one.
 */
export type CurrentViewer = () => Viewer;

export interface RealtimeSource {
  messageReceived(viewer: CurrentViewer): AsyncIterableIterator<DbMessage>;
  commentAdded(viewer: CurrentViewer, postId: string): Promise<AsyncIterableIterator<DbComment & { postAuthorId: string }>>;
  notificationAdded(viewer: CurrentViewer): AsyncIterableIterator<DbNotification>;
}
