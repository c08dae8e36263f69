/**
 * The realtime events and their payloads. Payloads carry ids only (never content): every
 * subscriber loads what it may see with its own viewer, so an event can never leak a row
 * that a query would hide.
 */
export interface Topics {
  /** A direct message was sent (after commit). */
  'message.sent': { messageId: string; conversationId: string; senderId: string; recipientId: string };
  /** A comment or reply was added to a post (after commit). */
  'comment.added': { commentId: string; postId: string };
  /** A notification was created for `userId` (after commit). */
  'notification.added': { notificationId: string; userId: string };
  /**
   * Sessions ended (logout, revocation, password change, suspension…) or an account changed
   * (role, school): every instance drops its cached sessions and re-checks or closes the
   * sockets concerned. Published directly, not through the outbox (see SessionEvents).
   */
  'session.evicted': { sessionIds?: string[]; userId?: string };
}

export type Topic = keyof Topics;

export const TOPICS: readonly Topic[] = ['message.sent', 'comment.added', 'notification.added', 'session.evicted'];
