import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Conversation as DbConversation } from '../../generated/prisma/client';
import { byKey } from '../../shared/loader-utils';
import { lastMessagesOf, unreadCountsOf, type MessageRow } from './message.sql';

export type MessageLoaders = ReturnType<typeof createMessageLoaders>;

/**
 * Viewer-scoped: every loader answers only for conversations the viewer takes part in
 * (null, or 0, for any other id), so no nested path can reach someone else's messages.
 * Each batch is one statement for the whole page.
 */
export function createMessageLoaders(db: Db, viewer: Viewer | null) {
  const viewerId = viewer?.id ?? null;
  return {
    conversationById: new DataLoader<string, DbConversation | null>(async (ids) => {
      if (!viewerId) return ids.map(() => null);
      const rows = await db.conversation.findMany({
        where: { id: { in: [...ids] }, OR: [{ userLowId: viewerId }, { userHighId: viewerId }] },
      });
      return byKey(ids, rows, (c) => c.id);
    }),

    /** The newest message of each conversation (the first of `messages`), via the messages index. */
    lastMessageByConversationId: new DataLoader<string, MessageRow | null>(async (ids) => {
      if (!viewerId) return ids.map(() => null);
      return byKey(ids, await lastMessagesOf(db, viewerId, ids), (m) => m.conversationId);
    }),

    /** Messages from the other participant newer than the viewer's read marker. */
    unreadCountByConversationId: new DataLoader<string, number>(async (ids) => {
      if (!viewerId) return ids.map(() => 0);
      const counts = await unreadCountsOf(db, viewerId, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
