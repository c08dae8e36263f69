/**
 * Token handling for Apollo Client 3, as the README's client flow describes it. Used as is by
 * the client-flow test (test/e2e/client-flow.test.ts) against the real server, and by the
 * example web app (examples/web/src/apollo/client.ts) in a browser.
 *
 *   const store = new TokenStore();
 *   const client = new ApolloClient({
 *     cache,
 *     link: from([
 *       refreshLink(store, (refreshToken) => refreshTokens(client, refreshToken)),
 *       authLink(store),
 *       createPersistedQueryLink({ generateHash: trustedDocumentHash }),
 *       new HttpLink({ uri: '/graphql' }),
 *     ]),
 *   });
 */
import { ApolloLink, Observable, type ApolloClient, type DocumentNode, type FetchResult } from '@apollo/client/core';
import { RefreshDocument } from '../generated/gql/graphql';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** Where the client keeps its tokens: memory here; a browser app keeps the refresh token safe. */
export class TokenStore {
  private pair: TokenPair | null = null;

  get accessToken(): string | undefined {
    return this.pair?.accessToken;
  }

  get refreshToken(): string | undefined {
    return this.pair?.refreshToken;
  }

  /** Stores both tokens of a sign-in or refresh payload (a refresh token works once). */
  set(pair: TokenPair): void {
    this.pair = { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
  }

  clear(): void {
    this.pair = null;
  }
}

/**
 * Operations that never carry the access token: they authenticate by other means, and an
 * expired token would make the server refuse them (a bad bearer is never treated as anonymous).
 */
const WITHOUT_BEARER = new Set(['Signup', 'Login', 'Refresh', 'Logout', 'RequestPasswordReset', 'ResetPassword']);

/** Sends `Authorization: Bearer <accessToken>` when the store has one. */
export function authLink(store: TokenStore): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const token = WITHOUT_BEARER.has(operation.operationName) ? undefined : store.accessToken;
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      sentAccessToken: token,
      headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
    }));
    return forward(operation);
  });
}

type Errors = readonly { extensions?: Record<string, unknown> }[] | undefined;

const hasUnauthenticated = (errors: Errors) => errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED') ?? false;

/** An expired, revoked or unknown access token: HTTP 401 with UNAUTHENTICATED. */
export function isUnauthenticatedError(error: unknown): boolean {
  const { statusCode, result } = (error ?? {}) as { statusCode?: number; result?: { errors?: Errors } };
  return statusCode === 401 || hasUnauthenticated(result?.errors);
}

/**
 * On UNAUTHENTICATED, exchanges the stored refresh token once, stores the new pair and retries
 * the operation once. One refresh runs at a time: concurrent failures share it, and a request
 * that failed with a token already replaced is retried without refreshing again. When the
 * refresh itself fails, the tokens are dropped and the original error reaches the caller:
 * the user must sign in again.
 */
export function refreshLink(store: TokenStore, refresh: (refreshToken: string) => Promise<TokenPair>): ApolloLink {
  let inFlight: Promise<void> | null = null;

  const refreshOnce = (): Promise<void> => {
    inFlight ??= (async () => {
      const token = store.refreshToken;
      if (!token) throw new Error('no refresh token');
      try {
        store.set(await refresh(token));
      } catch (error) {
        store.clear();
        throw error;
      }
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  return new ApolloLink((operation, forward) => {
    if (WITHOUT_BEARER.has(operation.operationName)) return forward(operation);
    return new Observable<FetchResult>((observer) => {
      let subscription: { unsubscribe(): void } | undefined;
      let closed = false;

      const retry = (original: () => void) => {
        const sent = operation.getContext().sentAccessToken as string | undefined;
        const fresh = sent !== store.accessToken ? Promise.resolve() : store.refreshToken ? refreshOnce() : Promise.reject(new Error('signed out'));
        fresh.then(
          () => !closed && attempt(true),
          () => !closed && original(),
        );
      };

      const attempt = (isRetry: boolean) => {
        let unauthenticated: FetchResult | null = null;
        subscription = forward(operation).subscribe({
          next: (result) => {
            if (!isRetry && hasUnauthenticated(result.errors)) unauthenticated = result;
            else observer.next(result);
          },
          error: (error: unknown) => {
            if (!isRetry && isUnauthenticatedError(error)) retry(() => observer.error(error));
            else observer.error(error);
          },
          complete: () => {
            const failed = unauthenticated;
            if (failed) retry(() => (observer.next(failed), observer.complete()));
            else observer.complete();
          },
        });
      };

      attempt(false);
      return () => {
        closed = true;
        subscription?.unsubscribe();
      };
    });
  });
}

/** The refresh call of `refreshLink`, through the client itself (it stores the new viewer too). */
export async function refreshTokens(client: ApolloClient<object>, refreshToken: string): Promise<TokenPair> {
  const { data } = await client.mutate({ mutation: RefreshDocument, variables: { refreshToken } });
  if (!data) throw new Error('refresh returned no data');
  return data.refresh;
}

/**
 * `generateHash` for Apollo's persisted-query link: the trusted-document hash codegen embedded
 * in each generated document (`__meta__.hash`), which a server with TRUSTED_DOCUMENTS=enforce
 * knows. Apollo's link then sends the hash alone and the document only if the server asks.
 */
export function trustedDocumentHash(document: DocumentNode): string {
  const hash = (document as DocumentNode & { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('not a generated document: it has no trusted-document hash');
  return hash;
}
