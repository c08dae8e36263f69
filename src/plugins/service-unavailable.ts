/**
 * A response carrying SERVICE_UNAVAILABLE (the database unreachable, see
 * src/shared/database-unavailable.ts) is sent as HTTP 503 with Retry-After, so that clients,
 * proxies and load balancers back off instead of treating it as a server defect (500).
 * Errors raised while building the context (the session check) carry the status themselves.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, SERVICE_UNAVAILABLE_RETRY_SECONDS } from '../shared/errors';

export function serviceUnavailablePlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(SERVICE_UNAVAILABLE_RETRY_SECONDS));
        },
      };
    },
  };
}
