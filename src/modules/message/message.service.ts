import { assertMayParticipate } from '../../auth/membership';
import { randomUUID } from 'node:crypto';
import type { Throttle } from '../../auth/throttle';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Prisma, Conversation as DbConversation, Message as DbMessage } from '../../generated/prisma/client';
import { NotFoundError, UserInputError } from '../../shared/errors';
import { assertSameRequest, idempotencyColumns, idempotencyOf, keyedRowGone, type Idempotency } from '../../shared/idempotency';
import { decodeCursor, pageSize, toPage, type ConnectionArgs, type Page } from '../../shared/pagination';
import { ANONYMOUS_NAME as ANONYMOUS_POST_NAME, WRITER_NAME } from '../community/anonymity';
import type { Outbox } from '../../realtime/outbox';
import { visiblePostWhere } from '../community/community.policy';
import type { NotificationService } from '../notification/notification.service';
import { NotificationKind } from '../notification/notification.types';
import type { MessagesArgs, SendMessageInput } from './message.inputs';
import { markConversationRead, openConversation } from './message.sql';
import { conversationKey, hiddenName, isHiddenFrom, isViewerHidden, otherParticipantId, type ConversationKey } from './message.policy';
import { normalizeText } from '../../shared/text';

/** Where a message goes: the conversation's unique key, what it is opened from, and who is hidden in it. */
interface Destination {
  key: ConversationKey;
  postId: string | null;
  commentId: string | null;
  /** The participant kept anonymous to the other, and the name they go by (for a new conversation). */
  anonymous: { userId: string; name: string } | null;
  /** The name the sender goes by when they are the hidden participant (a reply of an anonymous author); else null. */
  senderHiddenAs: string | null;
  /** The participant anonymous to the other in this conversation (new or existing), or null. */
  hiddenUserId: string | null;
}

const NO_CONTEXT = { postId: null, commentId: null, anonymous: null, senderHiddenAs: null, hiddenUserId: null } as const;

/** A cursor of these lists: a timestamp and the row id (the tie-breaker). */
function decodeTimeCursor(after: string): { at: Date; id: string } {
  const [at, id] = decodeCursor(after, ['timestamp', 'text']);
  return { at, id };
}

/**
 * Thrown inside the send transaction when a concurrent call with the same idempotency key
 * inserted its message first: rolls back this call's conversation update, so that the
 * call answers with the winner's message and leaves no trace of its own.
 */
class KeyTakenMeanwhile extends Error {}

/** Conversations of `viewerId` (either side of the pair). */
function participantWhere(viewerId: string): Prisma.ConversationWhereInput {
  return { OR: [{ userLowId: viewerId }, { userHighId: viewerId }] };
}

/**
 * The viewer's conversations hidden by their blocks (blockUser): those whose other
 * participant the viewer blocked, unless that participant is anonymous to the viewer (hiding
 * those would tell the viewer who wrote an anonymous post). `anonymousUserId` is null or one
 * of the two participants, so "not anonymous to the viewer" is null or the viewer.
 */
function blockedWhere(viewerId: string, blockedIds: string[]): Prisma.ConversationWhereInput {
  const otherKnown: Prisma.ConversationWhereInput = { OR: [{ anonymousUserId: null }, { anonymousUserId: viewerId }] };
  return {
    OR: [
      { userLowId: viewerId, userHighId: { in: blockedIds }, ...otherKnown },
      { userHighId: viewerId, userLowId: { in: blockedIds }, ...otherKnown },
    ],
  };
}

/**
 * Direct messages. Every operation is the viewer's own: a conversation answers only to its
 * two participants, and any other id (foreign or unknown) is the same NOT_FOUND.
 */
export class MessageService {
  constructor(
    private readonly db: Db,
    private readonly throttle: Throttle,
    private readonly notifications: NotificationService,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Sends a message, opening the conversation on the first one. Opening is race-free (an
   * upsert on the pair's unique key); the message, `lastMessageAt` and the sender's read
   * marker are written in one transaction, after every check passed. With an idempotency
   * key, a retry returns the message the key sent (src/shared/idempotency.ts) and costs
   * nothing against the limit.
   * @throws UserInputError (content, a missing or conflicting destination, oneself, the viewer's own post),
   *   NotFoundError (unknown or deleted recipient; a post or conversation the viewer cannot see),
   *   ConflictError (key used with other fields), RateLimitedError
   */
  async send(viewer: Viewer, input: SendMessageInput): Promise<DbMessage> {
    assertMayParticipate(viewer);
    // The comment joins the fingerprint only when given, so keys sent before it existed still match.
    const destinationFields = input.commentId ? [input.recipientId, input.postId, input.conversationId, input.content, input.commentId] : [input.recipientId, input.postId, input.conversationId, input.content];
    const idempotency = idempotencyOf(input.idempotencyKey, destinationFields);
    const earlier = idempotency && (await this.sentWithKey(viewer, idempotency));
    if (earlier) return earlier;
    await this.throttle.consume('messagesPerUser', viewer.id);
    const content = normalizeText(input.content);
    const destination = await this.destinationOf(viewer, input);
    const participants = { ...destination.key, anonymousUserId: destination.hiddenUserId };
    if (await this.isHiddenByBlock(viewer.id, participants)) throw UserInputError.field('recipientId', 'is a user you blocked; unblock them first');
    // The recipient blocked the sender: the message is kept, hidden from them with its
    // conversation, so it raises no notification and no event (the sender is not told).
    const hiddenFromRecipient = await this.isHiddenByBlock(otherParticipantId(participants, viewer.id), participants);
    const sentAt = new Date();
    try {
      const [message, batch] = await this.db.$transaction(async (tx) => {
        const { key } = destination;
        const conversationId = await openConversation(tx, {
          id: randomUUID(),
          key,
          anonymousUserId: destination.anonymous?.userId ?? null,
          anonymousName: destination.anonymous?.name ?? null,
          postId: destination.postId,
          commentId: destination.commentId,
          senderIsLow: key.userLowId === viewer.id,
          sentAt,
        });
        const data = { conversationId, senderId: viewer.id, content, createdAt: sentAt, ...idempotencyColumns(idempotency) };
        let sent: DbMessage;
        if (!idempotency) sent = await tx.message.create({ data });
        else {
          // ON CONFLICT DO NOTHING: the statement cannot fail, so the transaction stays usable;
          // it waits for a concurrent insert of the same key and skips when that one commits.
          const [created] = await tx.message.createManyAndReturn({ data: [data], skipDuplicates: true });
          if (!created) throw new KeyTakenMeanwhile();
          sent = created;
        }
        const recipientId = viewer.id === key.userLowId ? key.userHighId : key.userLowId;
        if (hiddenFromRecipient) return [sent, []] as const;
        const notifications = await this.notifications.createInTx(tx, [
          {
            userId: recipientId,
            kind: NotificationKind.MESSAGE,
            actorId: viewer.id,
            // The sender is the anonymous author of the post or comment this conversation is about.
            actorName: destination.senderHiddenAs,
            conversationId,
          },
        ]);
        const batch = await this.outbox.record(tx, [
          { topic: 'message.sent', payload: { messageId: sent.id, conversationId, senderId: viewer.id, recipientId } },
          ...notifications,
        ]);
        return [sent, batch] as const;
      });
      this.outbox.release(batch);
      return message;
    } catch (error) {
      if (!(error instanceof KeyTakenMeanwhile) || !idempotency) throw error;
      return (await this.sentWithKey(viewer, idempotency)) ?? keyedRowGone();
    }
  }

  /** A message of one of the viewer's conversations that someone else sent, or null. */
  getReceived(viewer: Viewer, messageId: string): Promise<DbMessage | null> {
    return this.db.message.findFirst({
      where: { id: messageId, senderId: { not: viewer.id }, conversation: participantWhere(viewer.id) },
    });
  }

  /**
   * The message the viewer sent with this key, or null. Messages are never edited or deleted
   * one by one, so it is returned as sent.
   * @throws ConflictError when the key came with other fields
   */
  private async sentWithKey(viewer: Viewer, idempotency: Idempotency): Promise<DbMessage | null> {
    const message = await this.db.message.findFirst({ where: { senderId: viewer.id, idempotencyKey: idempotency.key } });
    if (message) assertSameRequest(message, idempotency);
    return message;
  }

  /** The viewer's conversations, most recent message first. */
  async listConversations(viewer: Viewer, args: ConnectionArgs): Promise<Page<DbConversation>> {
    const first = pageSize(args);
    const after = args.after ? decodeTimeCursor(args.after) : null;
    const blocked = await this.blockedIds(viewer.id);
    const mine = blocked.length > 0 ? { AND: [participantWhere(viewer.id), { NOT: blockedWhere(viewer.id, blocked) }] } : participantWhere(viewer.id);
    const rows = await this.db.conversation.findMany({
      where: after
        ? { AND: [mine, { OR: [{ lastMessageAt: { lt: after.at } }, { lastMessageAt: after.at, id: { lt: after.id } }] }] }
        : mine,
      orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
    });
    return toPage(rows, first, (c) => [c.lastMessageAt.toISOString(), c.id], () => this.db.conversation.count({ where: mine }));
  }

  /**
   * The messages of one of the viewer's conversations, newest first.
   * @throws NotFoundError unless the viewer is a participant; UserInputError (cursor)
   */
  async listMessages(viewer: Viewer, args: MessagesArgs): Promise<Page<DbMessage>> {
    const first = pageSize(args);
    const after = args.after ? decodeTimeCursor(args.after) : null;
    const conversation = await this.db.conversation.findFirst({
      where: { AND: [{ id: args.conversationId }, participantWhere(viewer.id)] },
      select: { id: true, userLowId: true, userHighId: true, anonymousUserId: true },
    });
    if (!conversation || (await this.isHiddenByBlock(viewer.id, conversation))) throw new NotFoundError('Conversation');
    const inConversation = { conversationId: conversation.id };
    // (created_at DESC, id ASC) is the order of the messages index.
    const rows = await this.db.message.findMany({
      where: after
        ? { ...inConversation, OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] }
        : inConversation,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: first + 1,
    });
    return toPage(rows, first, (m) => [m.createdAt.toISOString(), m.id], () => this.db.message.count({ where: inConversation }));
  }

  /**
   * Marks everything in the conversation read for the viewer (their read marker becomes now).
   * One statement, scoped to the viewer's conversations.
   * @throws NotFoundError unless the viewer is a participant
   */
  async markRead(viewer: Viewer, conversationId: string): Promise<DbConversation> {
    const conversation = await markConversationRead(this.db, viewer.id, conversationId, new Date());
    if (!conversation) throw new NotFoundError('Conversation');
    return conversation;
  }

  /**
   * Resolves and authorizes where a message goes (see SendMessageInput):
   * - `conversationId`: one of the viewer's conversations, whose other participant still
   *   exists (unless that participant is anonymous to the viewer: see below);
   * - `postId` / `commentId`: a live post or comment the viewer may read, written by someone
   *   else; an anonymous one keys a conversation of its own (per post, per comment) and takes
   *   no `recipientId` (which could otherwise be used to test guesses of its author), a named
   *   one accepts its author as `recipientId` and leads to the pair's named conversation;
   * - `recipientId` alone: the pair's named conversation.
   *
   * Where the recipient is anonymous to the viewer, whether their account still exists is
   * never checked: the message is stored either way (a deleted account never reads it), so
   * that the answer does not tell the sender the writer deleted their account.
   */
  private async destinationOf(viewer: Viewer, input: SendMessageInput): Promise<Destination> {
    if (input.conversationId) {
      if (input.recipientId || input.postId || input.commentId) {
        throw UserInputError.field('conversationId', 'cannot be combined with recipientId, postId or commentId');
      }
      const conversation = await this.db.conversation.findFirst({ where: { AND: [{ id: input.conversationId }, participantWhere(viewer.id)] } });
      if (!conversation) throw new NotFoundError('Conversation');
      const otherId = otherParticipantId(conversation, viewer.id);
      if (!isHiddenFrom(conversation, otherId, viewer.id)) await this.assertLiveUser(otherId);
      const { userLowId, userHighId, contextKey } = conversation;
      return {
        key: { userLowId, userHighId, contextKey },
        ...NO_CONTEXT,
        senderHiddenAs: isViewerHidden(conversation, viewer.id) ? hiddenName(conversation) : null,
        hiddenUserId: conversation.anonymousUserId,
      };
    }
    if (input.recipientId === viewer.id) throw UserInputError.field('recipientId', 'cannot be yourself');
    if (input.postId && input.commentId) throw UserInputError.field('commentId', 'cannot be combined with postId');
    if (input.postId) {
      const post = await this.db.post.findFirst({
        where: { id: input.postId, ...visiblePostWhere(viewer) },
        select: { id: true, authorId: true, isAnonymous: true },
      });
      if (!post) throw new NotFoundError('Post');
      if (post.authorId === viewer.id) throw UserInputError.field('postId', 'is your own post; reply with conversationId');
      return this.toAuthor(viewer, input, 'postId', {
        authorId: post.authorId,
        anonymousName: post.isAnonymous ? ANONYMOUS_POST_NAME : null,
        postId: post.id,
        commentId: null,
      });
    }
    if (input.commentId) {
      const comment = await this.db.comment.findFirst({
        where: { id: input.commentId, deletedAt: null, post: visiblePostWhere(viewer) },
        select: { id: true, authorId: true, isAnonymous: true, anonymousNumber: true, post: { select: { id: true, authorId: true } } },
      });
      if (!comment) throw new NotFoundError('Comment');
      if (comment.authorId === viewer.id) throw UserInputError.field('commentId', 'is your own comment; reply with conversationId');
      // The name the comment shows in its thread, so that 익명3 stays 익명3 (글쓴이 for the post's author).
      const anonymousName = !comment.isAnonymous
        ? null
        : comment.authorId === comment.post.authorId
          ? WRITER_NAME
          : `${ANONYMOUS_POST_NAME}${comment.anonymousNumber ?? ''}`;
      return this.toAuthor(viewer, input, 'commentId', { authorId: comment.authorId, anonymousName, postId: comment.post.id, commentId: comment.id });
    }
    if (!input.recipientId) throw UserInputError.field('recipientId', 'is required unless postId, commentId or conversationId is given');
    await this.assertLiveUser(input.recipientId);
    return { key: conversationKey(viewer.id, input.recipientId, null), ...NO_CONTEXT };
  }

  /**
   * The destination "to the author of this post or comment": anonymous (its own conversation,
   * no recipientId, no liveness check) when `anonymousName` is set, else the pair's named one.
   */
  private async toAuthor(
    viewer: Viewer,
    input: SendMessageInput,
    field: 'postId' | 'commentId',
    about: { authorId: string; anonymousName: string | null; postId: string; commentId: string | null },
  ): Promise<Destination> {
    const what = field === 'postId' ? 'post' : 'comment';
    if (input.recipientId) {
      // The same answer whatever the id: a match must not confirm who wrote anonymously.
      if (about.anonymousName !== null) throw UserInputError.field('recipientId', `must be omitted for an anonymous ${what}`);
      if (input.recipientId !== about.authorId) throw UserInputError.field(field, `is not the recipient's ${what}`);
    }
    if (about.anonymousName === null) {
      await this.assertLiveUser(about.authorId);
      return { key: conversationKey(viewer.id, about.authorId, null), postId: about.postId, commentId: about.commentId, anonymous: null, senderHiddenAs: null, hiddenUserId: null };
    }
    const context = about.commentId ? { commentId: about.commentId } : { postId: about.postId };
    return {
      key: conversationKey(viewer.id, about.authorId, context),
      postId: about.postId,
      commentId: about.commentId,
      anonymous: { userId: about.authorId, name: about.anonymousName },
      senderHiddenAs: null,
      hiddenUserId: about.authorId,
    };
  }

  /** Ids of the users `viewerId` blocked. */
  private async blockedIds(viewerId: string): Promise<string[]> {
    return (await this.db.userBlock.findMany({ where: { blockerId: viewerId }, select: { blockedId: true } })).map((b) => b.blockedId);
  }

  /** Whether the viewer blocked the other participant of the conversation keyed `key`, who is not anonymous to them. */
  private async isHiddenByBlock(viewerId: string, conversation: Pick<DbConversation, 'userLowId' | 'userHighId' | 'anonymousUserId'>): Promise<boolean> {
    const otherId = otherParticipantId(conversation, viewerId);
    if (conversation.anonymousUserId === otherId) return false;
    return (await this.db.userBlock.count({ where: { blockerId: viewerId, blockedId: otherId } })) > 0;
  }

  /** @throws NotFoundError when no live account has this id. */
  private async assertLiveUser(userId: string): Promise<void> {
    const user = await this.db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } });
    if (!user) throw new NotFoundError('User');
  }
}
