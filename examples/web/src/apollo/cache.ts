/**
 * The normalised cache. Every entity has a stable `id`, so Apollo's default `__typename:id`
 * keys work as they are; lists that page with `after` merge page by page under a key made of
 * every other argument (README, "Lists in the cache").
 */
import { InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          posts: relayStylePagination(['boardId', 'orderBy', 'search']),
          conversations: relayStylePagination(),
          messages: relayStylePagination(['conversationId']),
          notifications: relayStylePagination(['unreadOnly']),
        },
      },
      Post: { fields: { comments: relayStylePagination() } },
    },
  });
}
