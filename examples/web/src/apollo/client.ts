/**
 * The Apollo Client of the app: the README's link chain, with the client's own pieces from
 * client/examples/auth-links.ts. Subscriptions take the WebSocket (socket-link.ts, on the
 * graphql-ws client of realtime.ts, which authenticates in connection_init); queries and
 * mutations take HTTP:
 *
 *   refreshLink  on UNAUTHENTICATED: one shared refresh, then the request once more
 *   authLink     Authorization: Bearer <access token from memory>
 *   persisted    production builds send trusted-document hashes only (no document text)
 *   HttpLink     POST /graphql on this origin (Vite forwards it to the API in development)
 */
import { ApolloClient, HttpLink, from, split, type NormalizedCacheObject } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { getMainDefinition } from '@apollo/client/utilities';
import type { Client } from 'graphql-ws';
import { authLink, refreshLink, trustedDocumentHash, type TokenPair, type TokenStore } from '../../../../client/examples/auth-links';
import { createCache } from './cache';
import { socketLink } from './socket-link';

export const GRAPHQL_PATH = '/graphql';

/**
 * In production the server may run with TRUSTED_DOCUMENTS=enforce: only the operations of
 * client/generated/gql/persisted-documents.json run there. Apollo's persisted-query link
 * sends each generated document's hash instead of its text (`trustedDocumentHash` reads the
 * hash codegen embedded in the document). Development sends the text, readable in the
 * browser's network panel; the development server runs any document. The socket follows the
 * same rule.
 */
const sendHashesOnly = import.meta.env.PROD;

const isSubscription = ({ query }: { query: Parameters<typeof getMainDefinition>[0] }) => {
  const definition = getMainDefinition(query);
  return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
};

export function createApolloClient(tokens: TokenStore, refresh: () => Promise<TokenPair>, socket: Client): ApolloClient<NormalizedCacheObject> {
  return new ApolloClient({
    cache: createCache(),
    link: split(
      isSubscription,
      socketLink(socket, { hashesOnly: sendHashesOnly }),
      from([
        refreshLink(tokens, refresh),
        authLink(tokens),
        ...(sendHashesOnly ? [createPersistedQueryLink({ generateHash: trustedDocumentHash })] : []),
        new HttpLink({ uri: GRAPHQL_PATH }),
      ]),
    ),
  });
}
