/**
 * Direct messages as they arrive: one `messageReceived` subscription for as long as the viewer
 * is signed in, whatever the screen (useInbox, mounted by the signed-in app).
 *
 * - The message goes into the cached page of its conversation, if that page was read
 *   (newest first, once): an open conversation shows it, a later visit finds it.
 * - Its conversation's new `unreadCount` is normalised into the cache by Apollo; the open
 *   conversation marks itself read (screens/messages.tsx).
 * - The conversation list, when on screen, is read again: the event may start a conversation
 *   or reorder the list, which only the server knows how to place.
 */
import { useApolloClient, type ApolloCache } from '@apollo/client';
import { MessagesDocument, type MessageFieldsFragment, type MessagesQueryVariables } from '../../../../client/generated/gql/graphql';
import { useMessageReceivedSubscription } from '../../../../client/generated/hooks';

export const MESSAGES_PAGE_SIZE = 30;

/** Puts a message (received, or one's own from `sendMessage`) into the cached first page of its conversation, once. */
export function addMessage(cache: ApolloCache<unknown>, variables: MessagesQueryVariables, message: MessageFieldsFragment): void {
  cache.updateQuery({ query: MessagesDocument, variables }, (data) => {
    if (!data || data.messages.edges.some((edge) => edge.node.id === message.id)) return undefined;
    const { __typename, id, content, isMine, senderName, createdAt } = message;
    // The cursor is never used: `after` pages from the last (oldest) edge's cursor.
    const edge = { __typename: 'MessageEdge' as const, cursor: '', node: { __typename, id, content, isMine, senderName, createdAt } };
    return { messages: { ...data.messages, edges: [edge, ...data.messages.edges] } };
  });
}

export function useInbox(): void {
  const client = useApolloClient();
  useMessageReceivedSubscription({
    onData: ({ data: event }) => {
      const message = event.data?.messageReceived;
      if (!message) return;
      addMessage(client.cache, { conversationId: message.conversation.id, first: MESSAGES_PAGE_SIZE }, message);
      void client.refetchQueries({ include: 'active', onQueryUpdated: (query) => query.queryName === 'Conversations' }).catch(() => undefined);
    },
  });
}
