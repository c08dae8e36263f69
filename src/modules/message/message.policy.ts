/**
 * Who a conversation belongs to and who is hidden in it. Pure functions over the row.
 *
 * A conversation belongs to exactly two accounts (`userLowId` < `userHighId`); to anyone
 * else it does not exist (NOT_FOUND). One started from an anonymous post or comment keeps
 * that author (`anonymousUserId`) anonymous to the other participant, in a conversation
 * separate from the pair's named one and keyed per post ("post:<id>") or per comment
 * ("comment:<id>"), never per author: a per-author key would put a writer's anonymous posts
 * in one conversation and so tell anyone which posts share a writer. The named one's is "".
 */
import type { Conversation as DbConversation } from '../../generated/prisma/client';
import { ANONYMOUS_NAME } from '../community/anonymity';

/** Context key of the pair's named conversation. */
export const NAMED_CONTEXT = '';

export interface ConversationKey {
  userLowId: string;
  userHighId: string;
  contextKey: string;
}

type Participants = Pick<DbConversation, 'userLowId' | 'userHighId'>;
type WithAnonymity = Pick<DbConversation, 'userLowId' | 'userHighId' | 'anonymousUserId'>;
type WithAnonymousName = WithAnonymity & Partial<Pick<DbConversation, 'anonymousName'>>;

/** What an anonymous conversation is about: the post or comment whose author stays hidden. */
export type AnonymousContext = { postId: string } | { commentId: string };

/**
 * The unique key of the conversation between `a` and `b`: the pair's named one, or the one
 * about an anonymous post or comment.
 */
export function conversationKey(a: string, b: string, about: AnonymousContext | null): ConversationKey {
  const [userLowId, userHighId] = a < b ? [a, b] : [b, a];
  const contextKey = about === null ? NAMED_CONTEXT : 'postId' in about ? `post:${about.postId}` : `comment:${about.commentId}`;
  return { userLowId, userHighId, contextKey };
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

/** The name a hidden participant goes by: "익명" for a post's author, "익명3" or "글쓴이" for a comment's. */
export function hiddenName(conversation: WithAnonymousName): string {
  return conversation.anonymousName ?? ANONYMOUS_NAME;
}

/** Whether the viewer is the participant kept anonymous to the other side. */
export function isViewerHidden(conversation: WithAnonymity, viewerId: string): boolean {
  return conversation.anonymousUserId === viewerId;
}
