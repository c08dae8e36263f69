/**
 * The terminating link of subscriptions: each one runs on the graphql-ws client's socket.
 *
 * Like HTTP in production, the socket carries trusted-document hashes only
 * (`extensions.persistedQuery`, no document text): a server with TRUSTED_DOCUMENTS=enforce
 * checks a `subscribe` message as it checks a POST. Development sends the text.
 * (Apollo's own GraphQLWsLink always sends the printed document, hence this link.)
 */
import { ApolloError, ApolloLink, Observable, type FetchResult, type Operation } from '@apollo/client';
import { print, type GraphQLFormattedError } from 'graphql';
import type { Client, SubscribePayload } from 'graphql-ws';
import { trustedDocumentHash } from '../../../../client/examples/auth-links';

function payloadOf(operation: Operation, hashesOnly: boolean): SubscribePayload {
  const { operationName, variables } = operation;
  if (!hashesOnly) return { operationName, variables, query: print(operation.query) };
  return { operationName, variables, query: '', extensions: { persistedQuery: { version: 1, sha256Hash: trustedDocumentHash(operation.query) } } };
}

/** What graphql-ws reports (the server's errors, a close event, a thrown Error) as an Error. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new ApolloError({ graphQLErrors: error as GraphQLFormattedError[] });
  const close = error as { code?: number; reason?: string } | null;
  return new Error(`the socket closed${close?.code ? ` (${close.code}${close.reason ? ` ${close.reason}` : ''})` : ''}`);
}

export function socketLink(client: Client, { hashesOnly }: { hashesOnly: boolean }): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable<FetchResult>((observer) =>
        client.subscribe(payloadOf(operation, hashesOnly), {
          next: (result) => observer.next(result as FetchResult),
          error: (error) => observer.error(asError(error)),
          complete: () => observer.complete(),
        }),
      ),
  );
}
