/**
 * Who a conversation belongs to and who is hidden in it. Pure functions over the row.
 *
 * A conversation belongs to exactly two accounts (`userLowId` < `userHighId`); to anyone
 * else it does not exist (NOT_FOUND). One started from an anonymous post keeps that post's
 * author (`anonymousUserId`) anonymous to the other participant, in a conversation separate
 * from the pair's named one: its `contextKey` is the hidden author's id, the named one's is "".
 */
import type { Conversation as DbConversation, User as DbUser } from '../../generated/prisma/client';
import { DELETED_USER_NAME } from '../account/account.types';

/** The name shown for a participant hidden from the viewer. */
export const ANONYMOUS_NAME = '익명';

/** Context key of the pair's named conversation. */
export const NAMED_CONTEXT = '';

export interface ConversationKey {
  userLowId: string;
  userHighId: string;
  contextKey: string;
}

type Participants = Pick<DbConversation, 'userLowId' | 'userHighId'>;
type WithAnonymity = Pick<DbConversation, 'userLowId' | 'userHighId' | 'anonymousUserId'>;

/**
 * The unique key of the conversation between `a` and `b`, named or keeping
 * `anonymousUserId` (one of the two) hidden from the other.
 */
export function conversationKey(a: string, b: string, anonymousUserId: string | null): ConversationKey {
  const [userLowId, userHighId] = a < b ? [a, b] : [b, a];
  return { userLowId, userHighId, contextKey: anonymousUserId ?? NAMED_CONTEXT };
}

export function isParticipant(conversation: Participants, userId: string): boolean {
  return conversation.userLowId === userId || conversation.userHighId === userId;
}

/** The participant who is not `viewerId` (who must be a participant). */
export function otherParticipantId(conversation: Participants, viewerId: string): string {
  return conversation.userLowId === viewerId ? conversation.userHighId : conversation.userLowId;
}

/** Whether `viewerId` may not learn who participant `userId` is. */
export function isHiddenFrom(conversation: WithAnonymity, userId: string, viewerId: string): boolean {
  return conversation.anonymousUserId === userId && userId !== viewerId;
}

/** Whether the viewer is the participant kept anonymous to the other side. */
export function isViewerHidden(conversation: WithAnonymity, viewerId: string): boolean {
  return conversation.anonymousUserId === viewerId;
}

/** How an account is named to someone allowed to know who it is. */
export function displayName(user: Pick<DbUser, 'nickname' | 'deletedAt'> | null): string {
  return !user || user.deletedAt !== null ? DELETED_USER_NAME : user.nickname;
}
