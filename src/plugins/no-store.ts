/**
 * `Cache-Control: no-store` on every response that carries direct messages (docs/security.md C4:
 * a DM response must never land in a browser or proxy cache).
 *
 * The message resolvers mark their request through the `NoStore` middleware (on the resolver
 * classes, so any path that resolves a Conversation or Message field is covered, not only the
 * root operations); the plugin sets the header when the response of a marked request is sent.
 * Other responses are untouched.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../context';

/** Contexts of requests that touched messages (weak: they go when the request ends). */
const privateRequests = new WeakSet<object>();

export const NoStore: MiddlewareFn<Context> = ({ context }, next) => {
  privateRequests.add(context);
  return next();
};

export function noStorePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (privateRequests.has(contextValue)) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
