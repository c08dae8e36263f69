import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import { Prisma, type Conversation as DbConversation, type Message as DbMessage } from '../../generated/prisma/client';
import { byKey } from '../../shared/loader-utils';

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
    lastMessageByConversationId: new DataLoader<string, DbMessage | null>(async (ids) => {
      if (!viewerId) return ids.map(() => null);
      const rows = await db.$queryRaw<DbMessage[]>`
        SELECT m.id, m.conversation_id AS "conversationId", m.sender_id AS "senderId", m.content, m.created_at AS "createdAt"
        FROM conversations c
        CROSS JOIN LATERAL (
          SELECT * FROM messages WHERE conversation_id = c.id ORDER BY created_at DESC, id ASC LIMIT 1
        ) m
        WHERE c.id IN (${Prisma.join(ids)}) AND ${viewerId} IN (c.user_low_id, c.user_high_id)`;
      return byKey(ids, rows, (m) => m.conversationId);
    }),

    /** Messages from the other participant newer than the viewer's read marker. */
    unreadCountByConversationId: new DataLoader<string, number>(async (ids) => {
      if (!viewerId) return ids.map(() => 0);
      const rows = await db.$queryRaw<{ conversationId: string; count: number }[]>`
        SELECT m.conversation_id AS "conversationId", count(*)::int AS count
        FROM conversations c
        JOIN messages m ON m.conversation_id = c.id
        WHERE c.id IN (${Prisma.join(ids)}) AND ${viewerId} IN (c.user_low_id, c.user_high_id)
          AND m.sender_id <> ${viewerId}
          AND m.created_at > COALESCE(CASE WHEN c.user_low_id = ${viewerId} THEN c.low_last_read_at ELSE c.high_last_read_at END, '-infinity')
        GROUP BY m.conversation_id`;
      const counts = new Map(rows.map((row) => [row.conversationId, row.count]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
