/**
 * The message module's SQL: the two loader batches (each conversation's newest message, and
 * each conversation's unread count, one statement for every conversation of a page), and the
 * two writes Prisma cannot express (opening a conversation race-free with markers that only
 * move forward, and moving the viewer's read marker with `GREATEST`).
 *
 * Every statement that reads or changes a conversation is scoped to its participants here,
 * so a foreign id finds nothing (NOT_FOUND upstream).
 */
import { queryRows, type Db } from '../../db/prisma';
import { Prisma, type Conversation as DbConversation, type Message as DbMessage } from '../../generated/prisma/client';
import type { ConversationKey } from './message.policy';

type Tx = Prisma.TransactionClient;

/** Every Conversation field under its Prisma name, from `conversations` (unaliased: RETURNING lists). */
export const CONVERSATION_COLUMNS = Prisma.sql`
  id, user_low_id AS "userLowId", user_high_id AS "userHighId", post_id AS "postId", comment_id AS "commentId",
  anonymous_user_id AS "anonymousUserId", context_key AS "contextKey", anonymous_name AS "anonymousName",
  low_last_read_at AS "lowLastReadAt", high_last_read_at AS "highLastReadAt",
  last_message_at AS "lastMessageAt", created_at AS "createdAt"`;

/** The Message fields a list row carries, from `messages m` (the idempotency columns are the send path's). */
export const MESSAGE_COLUMNS = Prisma.sql`
  m.id, m.conversation_id AS "conversationId", m.sender_id AS "senderId", m.content, m.created_at AS "createdAt"`;

/** A message as the lists read it: every field but the send path's idempotency columns. */
export type MessageRow = Omit<DbMessage, 'idempotencyKey' | 'idempotencyHash'>;

/** What a sent message opens, or finds, by the pair's unique key. */
export interface ConversationOpening {
  id: string;
  key: ConversationKey;
  anonymousUserId: string | null;
  anonymousName: string | null;
  postId: string | null;
  commentId: string | null;
  /** Whether the sender is `key.userLowId`: their read marker moves to `sentAt`. */
  senderIsLow: boolean;
  sentAt: Date;
}

/**
 * Inserts the conversation, or on its unique key updates the existing one: `lastMessageAt`
 * and the sender's read marker move forward (GREATEST ignores NULL, so the other side's
 * marker stays). One statement, so concurrent first messages of a pair open one
 * conversation. Returns the conversation's id (the existing one on conflict).
 */
export async function openConversation(tx: Tx, opening: ConversationOpening): Promise<string> {
  const { key, sentAt, senderIsLow } = opening;
  const [conversation] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO conversations (id, user_low_id, user_high_id, context_key, anonymous_user_id, anonymous_name, post_id, comment_id,
                               low_last_read_at, high_last_read_at, last_message_at, created_at)
    VALUES (${opening.id}, ${key.userLowId}, ${key.userHighId}, ${key.contextKey}, ${opening.anonymousUserId},
            ${opening.anonymousName}, ${opening.postId}, ${opening.commentId},
            ${senderIsLow ? sentAt : null}::timestamptz, ${senderIsLow ? null : sentAt}::timestamptz, ${sentAt}::timestamptz, ${sentAt}::timestamptz)
    ON CONFLICT (user_low_id, user_high_id, context_key) DO UPDATE SET
      last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at),
      low_last_read_at = GREATEST(conversations.low_last_read_at, EXCLUDED.low_last_read_at),
      high_last_read_at = GREATEST(conversations.high_last_read_at, EXCLUDED.high_last_read_at)
    RETURNING id`;
  return conversation.id;
}

/**
 * Moves `viewerId`'s read marker of the conversation to `now` (never backwards): one
 * statement, scoped to the viewer's conversations. Null when the viewer takes no part in it.
 */
export async function markConversationRead(db: Db, viewerId: string, conversationId: string, now: Date): Promise<DbConversation | null> {
  const [conversation] = await db.$queryRaw<DbConversation[]>`
    UPDATE conversations SET
      low_last_read_at = CASE WHEN user_low_id = ${viewerId} THEN GREATEST(low_last_read_at, ${now}::timestamptz) ELSE low_last_read_at END,
      high_last_read_at = CASE WHEN user_high_id = ${viewerId} THEN GREATEST(high_last_read_at, ${now}::timestamptz) ELSE high_last_read_at END
    WHERE id = ${conversationId} AND ${viewerId} IN (user_low_id, user_high_id)
    RETURNING ${CONVERSATION_COLUMNS}`;
  return conversation ?? null;
}

/**
 * The newest message of each of `viewerId`'s conversations among `ids` (others' ids find
 * nothing): a LIMIT 1 scan of the messages index (conversation, created_at DESC, id) per
 * conversation, the order of `messages`.
 */
export function lastMessagesOf(db: Db, viewerId: string, ids: readonly string[]): Promise<MessageRow[]> {
  return queryRows<MessageRow>(db, Prisma.sql`
    SELECT ${MESSAGE_COLUMNS}
    FROM conversations c
    CROSS JOIN LATERAL (
      SELECT * FROM messages WHERE conversation_id = c.id ORDER BY created_at DESC, id ASC LIMIT 1
    ) m
    WHERE c.id = ANY(${[...ids]}::text[]) AND ${viewerId} IN (c.user_low_id, c.user_high_id)`);
}

/**
 * How many messages from the other participant are newer than `viewerId`'s read marker, for
 * each of the viewer's conversations among `ids` that has any (absent: 0).
 */
export async function unreadCountsOf(db: Db, viewerId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ conversationId: string; count: number }>(db, Prisma.sql`
    SELECT m.conversation_id AS "conversationId", count(*)::int AS count
    FROM conversations c
    JOIN messages m ON m.conversation_id = c.id
    WHERE c.id = ANY(${[...ids]}::text[]) AND ${viewerId} IN (c.user_low_id, c.user_high_id)
      AND m.sender_id <> ${viewerId}
      AND m.created_at > COALESCE(CASE WHEN c.user_low_id = ${viewerId} THEN c.low_last_read_at ELSE c.high_last_read_at END, '-infinity')
    GROUP BY m.conversation_id`);
  return new Map(rows.map((row) => [row.conversationId, row.count]));
}
