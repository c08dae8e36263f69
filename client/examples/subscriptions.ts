/**
 * Subscriptions with graphql-ws's own client and the generated TypedDocumentNodes (compiled
 * by the client-flow test; test/e2e/subscriptions-client.test.ts runs it against the server).
 *
 * - The socket authenticates in `connection_init` with the access token (`connectionParams`
 *   is called again on every reconnect, so it always sends the newest token).
 * - Before the access token expires, refresh it over HTTP and hand the new one to the open
 *   socket with `renewSocketToken`: the server would otherwise close the socket with 4403 at
 *   the old token's expiry.
 * - Documents travel as their trusted-document hash (`extensions.persistedQuery`), which the
 *   server accepts in TRUSTED_DOCUMENTS=enforce mode too.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { CommentAddedDocument, MessageReceivedDocument, type CommentAddedSubscription, type MessageReceivedSubscription } from '../generated/gql/graphql';

/** The WebSocket URL of an API base URL: same host, port and path as HTTP. */
export function subscriptionUrl(apiBaseUrl: string): string {
  return `${apiBaseUrl.replace(/^http/, 'ws')}/graphql`;
}

/** A graphql-ws client that authenticates with the current access token. */
export function createSubscriptionClient(url: string, accessToken: () => string | undefined, webSocketImpl?: unknown): Client {
  return createClient({
    url,
    webSocketImpl,
    connectionParams: () => ({ authorization: `Bearer ${accessToken() ?? ''}` }),
    // 4401/4403 mean "sign in again" (or refresh, then reconnect): do not retry blindly.
    shouldRetry: (event) => !(typeof event === 'object' && event !== null && 'code' in event && [4401, 4403].includes((event as { code: number }).code)),
    lazy: true,
  });
}

/** Sends a fresh access token over the open socket (a graphql-transport-ws `ping` with a payload). */
export function renewSocketToken(socket: { send(data: string): void }, accessToken: string): void {
  socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${accessToken}` } }));
}

/** Runs a generated subscription document by its trusted hash; `onData` gets the typed result. */
export function subscribeTyped<TData, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables> & { __meta__?: { hash?: string } },
  variables: TVariables,
  onData: (data: TData) => void,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  const hash = document.__meta__?.hash;
  return client.subscribe<TData>(
    hash ? { query: '', variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } : { query: print(document), variables },
    {
      next: (result) => {
        if (result.data) onData(result.data as TData);
        if (result.errors) onError(result.errors);
      },
      error: onError,
      complete: () => undefined,
    },
  );
}

/** Example: a chat badge and a live comment list. */
export function followInbox(client: Client, onUnread: (conversationId: string, unread: number) => void): () => void {
  return subscribeTyped(client, MessageReceivedDocument, {}, (data: MessageReceivedSubscription) => {
    const { conversation } = data.messageReceived;
    onUnread(conversation.id, conversation.unreadCount);
  });
}

export function followComments(client: Client, postId: string, onComment: (comment: CommentAddedSubscription['commentAdded']) => void): () => void {
  return subscribeTyped(client, CommentAddedDocument, { postId }, (data) => onComment(data.commentAdded));
}
