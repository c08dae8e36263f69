/**
 * The app's one WebSocket (graphql-ws, protocol graphql-transport-ws), for subscriptions only;
 * queries and mutations stay on HTTP (README, "Subscriptions (realtime)").
 *
 * - Lazy: the socket opens with the first subscription and closes when the last one ends
 *   (signing out unmounts every screen, so it closes then).
 * - It authenticates in `connection_init` with the in-memory access token; `connectionParams`
 *   runs again on every (re)connect, so a reconnect always sends the newest token.
 * - The server closes a socket at its access token's expiry (4403) unless it got a fresh token
 *   in-band first. Every refresh of this tab hands the new token to the open socket (a protocol
 *   `ping` with `{ authorization }`), and a minute before the token expires while a socket is
 *   open, this module asks for a refresh itself: a tab that only listens keeps its socket.
 * - A 4403 anyway (the tab slept past the expiry, or the session ended): after a short pause,
 *   so that a sign-out announced by another tab lands first, one refresh, unless the tab got a
 *   newer token meanwhile (a refresh, a new sign-in); it succeeds and the socket reconnects
 *   with the new token, or it fails and the session ends as on HTTP.
 * - After a reconnect, the active queries are read again: events are delivered at most once,
 *   and those sent while the socket was down are gone.
 */
import { createClient, type Client } from 'graphql-ws';
import type { TokenStore } from '../../../../client/examples/auth-links';
import { renewSocketToken } from '../../../../client/examples/subscriptions';

/** Close codes of the API (README, "Subscriptions"): no token, and a token it refuses. */
const REFUSED_TOKEN = 4403;
const RENEW_BEFORE_EXPIRY_MS = 60_000;
/** Time for another tab's sign-out broadcast to arrive before a 4403 is taken for an expiry. */
const PAUSE_AFTER_REFUSAL_MS = 1_000;

export interface RealtimeOptions {
  url: string;
  tokens: TokenStore;
  /** One refresh over HTTP (shared with any in flight), its pair stored; never rejects. */
  renewTokens(): Promise<void>;
  isSignedIn(): boolean;
  /** The socket is back after a drop: read what it may have missed. */
  onReconnected(): void;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The WebSocket URL of this page's /graphql (same host and path as HTTP). */
export function socketUrl(path: string): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${path}`;
}

export class Realtime {
  readonly client: Client;
  private socket: WebSocket | null = null;
  /** The token the socket was last given (connection_init or ping). */
  private socketToken: string | undefined;
  private lastCloseCode: number | null = null;
  private accessTokenExpiresAt: number | null = null;
  private renewal: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RealtimeOptions) {
    this.client = createClient({
      url: options.url,
      lazy: true,
      connectionParams: () => {
        const token = (this.socketToken = options.tokens.accessToken);
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      // 4401 (no token) is fatal in graphql-ws; every other close, 4403 included, is retried.
      shouldRetry: () => true,
      retryWait: (retries) => this.beforeRetry(retries),
      on: {
        connected: (socket, _payload, wasRetry) => {
          this.socket = socket as WebSocket;
          this.scheduleRenewal();
          if (wasRetry) options.onReconnected();
        },
        closed: (event) => {
          this.socket = null;
          clearTimeout(this.renewal);
          this.lastCloseCode = (event as { code?: number } | null)?.code ?? null;
        },
      },
    });
  }

  /** A new access token of this session (sign-in or refresh): the open socket gets it too. */
  tokenRenewed(accessToken: string, expiresAt: string): void {
    this.accessTokenExpiresAt = Date.parse(expiresAt);
    if (this.socket?.readyState === WebSocket.OPEN) {
      renewSocketToken(this.socket, accessToken);
      this.socketToken = accessToken;
    }
    this.scheduleRenewal();
  }

  private scheduleRenewal(): void {
    clearTimeout(this.renewal);
    if (!this.socket || this.accessTokenExpiresAt === null) return;
    const delay = Math.max(0, this.accessTokenExpiresAt - Date.now() - RENEW_BEFORE_EXPIRY_MS);
    this.renewal = setTimeout(() => void this.options.renewTokens(), delay);
  }

  private async beforeRetry(retries: number): Promise<void> {
    if (this.lastCloseCode === REFUSED_TOKEN) {
      await wait(PAUSE_AFTER_REFUSAL_MS);
      if (this.options.isSignedIn() && this.options.tokens.accessToken === this.socketToken) await this.options.renewTokens();
      return;
    }
    // graphql-ws's own back-off: 1, 2, 4 … seconds, plus up to 3 s of jitter.
    await wait(2 ** retries * 1000 + Math.floor(Math.random() * 2700 + 300));
  }
}
