/**
 * Who is signed in, and the Apollo Client that acts for them.
 *
 * The rules this follows (README, "Accounts and sessions" and "Writing a client"):
 * - The access token lives in memory only (`TokenStore`): never in localStorage,
 *   sessionStorage, a cookie readable by scripts, or the URL. A reload forgets it.
 * - The refresh token travels in the API's HttpOnly cookie (`AUTH_REFRESH_COOKIE=true`),
 *   which scripts cannot read and every tab shares. Refreshes send no token argument, so the
 *   server always reads the newest one; the payload's copy stays in memory only because
 *   `refreshLink` uses it to know that a session exists.
 * - A refresh token works once. One refresh runs at a time: refreshLink shares one in-flight
 *   refresh among this tab's requests, and a Web Lock queues the other tabs behind it.
 * - On page load the session is restored from the cookie (one refresh). When a refresh
 *   fails, the session is over: tokens and cache are dropped and the sign-in form shows.
 * - Signing out (this session, or everywhere) tells the other tabs, which drop theirs too.
 * - Subscriptions use one WebSocket (`Realtime`), signed in with the same in-memory token; each
 *   new token of the session is handed to it.
 */
import type { ApolloClient, NormalizedCacheObject } from '@apollo/client';
import { TokenStore, type TokenPair } from '../../../../client/examples/auth-links';
import { LogoutAllDocument, LogoutDocument, RefreshDocument, type AuthPayloadFieldsFragment, type ViewerFieldsFragment } from '../../../../client/generated/gql/graphql';
import { createApolloClient, GRAPHQL_PATH } from '../apollo/client';
import { Realtime, socketUrl } from '../apollo/realtime';
import { withBrowserLock } from './browser-lock';

export type Viewer = ViewerFieldsFragment;

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; reason?: 'expired' | 'signed-out-elsewhere' }
  | { status: 'signed-in'; viewer: Viewer };

type TabMessage = { type: 'signed-in' } | { type: 'signed-out' };

export class Session {
  /** The tokens, in this tab's memory only. */
  readonly tokens = new TokenStore();
  readonly realtime = new Realtime({
    url: socketUrl(GRAPHQL_PATH),
    tokens: this.tokens,
    renewTokens: () => this.restore(),
    isSignedIn: () => this.state.status === 'signed-in',
    onReconnected: () => void this.client.refetchQueries({ include: 'active' }).catch(() => undefined),
  });
  readonly client: ApolloClient<NormalizedCacheObject> = createApolloClient(this.tokens, () => this.refresh(), this.realtime.client);
  private state: SessionState = { status: 'restoring' };
  private readonly listeners = new Set<() => void>();
  private readonly tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('campus-session');
  private restoring: Promise<void> | null = null;

  constructor() {
    this.tabs?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
      if (event.data.type === 'signed-out' && this.state.status === 'signed-in') void this.end({ status: 'signed-out', reason: 'signed-out-elsewhere' });
      if (event.data.type === 'signed-in' && this.state.status === 'signed-out') void this.restore();
    });
  }

  /** For React's useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SessionState => this.state;

  /**
   * Resumes the session of the refresh cookie, if any, and stores the new pair (once, however
   * often it is called meanwhile). Also the socket's refresh, shortly before its token expires.
   */
  restore(): Promise<void> {
    this.restoring ??= this.refresh()
      .then((pair) => this.tokens.set(pair))
      .catch(() => undefined)
      .finally(() => (this.restoring = null));
    return this.restoring;
  }

  /** After `login` or `signup`: keeps the pair in memory and tells the other tabs. */
  signedIn(payload: AuthPayloadFieldsFragment): void {
    this.tokens.set(payload);
    this.realtime.tokenRenewed(payload.accessToken, payload.accessTokenExpiresAt);
    this.setState({ status: 'signed-in', viewer: payload.user });
    this.tabs?.postMessage({ type: 'signed-in' } satisfies TabMessage);
  }

  /**
   * Ends this session or, with `everywhere`, every session of the account (all devices).
   * The server clears the refresh cookie either way; the other tabs hear of it.
   */
  async signOut(options: { everywhere?: boolean } = {}): Promise<void> {
    try {
      if (options.everywhere) await this.client.mutate({ mutation: LogoutAllDocument });
      else await this.client.mutate({ mutation: LogoutDocument, variables: {} });
    } finally {
      this.tabs?.postMessage({ type: 'signed-out' } satisfies TabMessage);
      await this.end({ status: 'signed-out' });
    }
  }

  /**
   * The refresh function of refreshLink: exchanges the refresh cookie for a new pair, one tab
   * at a time. A failure ends the session (refreshLink has already dropped the tokens).
   */
  private async refresh(): Promise<TokenPair> {
    try {
      const payload = await withBrowserLock('campus-refresh', async () => {
        const { data } = await this.client.mutate({ mutation: RefreshDocument, variables: {}, fetchPolicy: 'no-cache' });
        if (!data) throw new Error('refresh returned no data');
        return data.refresh;
      });
      this.realtime.tokenRenewed(payload.accessToken, payload.accessTokenExpiresAt);
      this.setState({ status: 'signed-in', viewer: payload.user });
      return payload;
    } catch (error) {
      await this.end({ status: 'signed-out', reason: this.state.status === 'signed-in' ? 'expired' : undefined });
      throw error;
    }
  }

  private async end(state: Extract<SessionState, { status: 'signed-out' }>): Promise<void> {
    this.tokens.clear();
    this.setState(state);
    // Nothing of the previous account may stay on screen or in memory.
    await this.client.clearStore();
  }

  private setState(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
