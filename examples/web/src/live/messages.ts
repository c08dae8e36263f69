/**
 * Puts a message into the cached page of its conversation (newest first), once: a message
 * received over the socket, or the viewer's own from `sendMessage`. Nothing is read again.
 */
import type { ApolloCache } from '@apollo/client';
import { MessagesDocument, type MessageFieldsFragment, type MessagesQueryVariables } from '../../../../client/generated/gql/graphql';

export function addMessage(cache: ApolloCache<unknown>, variables: MessagesQueryVariables, message: MessageFieldsFragment): void {
  cache.updateQuery({ query: MessagesDocument, variables }, (data) => {
    if (!data || data.messages.edges.some((edge) => edge.node.id === message.id)) return undefined;
    const { __typename, id, content, isMine, senderName, createdAt } = message;
    // The cursor is never used: `after` pages from the last (oldest) edge's cursor.
    const edge = { __typename: 'MessageEdge' as const, cursor: '', node: { __typename, id, content, isMine, senderName, createdAt } };
    return { messages: { ...data.messages, edges: [edge, ...data.messages.edges] } };
  });
}
