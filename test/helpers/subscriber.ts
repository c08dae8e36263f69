/**
 * A real graphql-ws client over a real socket (the `ws` package as its WebSocket), as an
 * app would use it: `openSubscriber(baseUrl, token)` connects, `subscribe(query)` returns a
 * queue of results to await one by one, and `closed` resolves with the close event.
 */
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface Subscription<T = Record<string, any>> {
  /** The next result (data or errors); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Resolves with nothing when no result arrives for `ms` (to check that an event was filtered out). */
  nothingWithin(ms: number): Promise<void>;
  /** Results received so far and not yet taken. */
  readonly pending: ExecutionResult<T>[];
  /** Resolves when the server completes the operation, or with its error. */
  readonly ended: Promise<unknown>;
  unsubscribe(): void;
}

export interface Subscriber {
  client: Client;
  /** Resolves with the first close event of the socket. */
  closed: Promise<CloseInfo>;
  /** Resolves once the server acknowledged connection_init. */
  connected: Promise<void>;
  subscribe<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Subscription<T>;
  /** Sends a protocol `ping` message with `payload` (in-band token renewal). */
  ping(payload: Record<string, unknown>): void;
  dispose(): Promise<void>;
}

/** Where the app listens, as a ws:// URL of /graphql. */
export function wsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/graphql`;
}

export function openSubscriber(
  baseUrl: string,
  connectionParams: Record<string, unknown> | undefined,
  options: { headers?: Record<string, string> } = {},
): Subscriber {
  let resolveClosed!: (info: CloseInfo) => void;
  let resolveConnected!: () => void;
  let socket: WebSocket | null = null;
  const closed = new Promise<CloseInfo>((resolve) => (resolveClosed = resolve));
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  const headers = options.headers;
  class HeaderedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client = createClient({
    url: wsUrl(baseUrl),
    webSocketImpl: HeaderedWebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    // Tests call next() themselves; never let an unhandled rejection escape.
    onNonLazyError: () => undefined,
    on: {
      opened: (opened) => (socket = opened as WebSocket),
      connected: () => resolveConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        resolveClosed({ code, reason: String(reason) });
      },
    },
  });

  return {
    client,
    closed,
    connected,
    subscribe<T>(query: string, variables?: Record<string, unknown>): Subscription<T> {
      const pending: ExecutionResult<T>[] = [];
      let wake: (() => void) | null = null;
      let resolveEnded!: (value: unknown) => void;
      const ended = new Promise<unknown>((resolve) => (resolveEnded = resolve));
      const unsubscribe = client.subscribe<T>(
        { query, variables },
        {
          next: (result) => {
            pending.push(result as ExecutionResult<T>);
            wake?.();
          },
          error: (error) => resolveEnded(error),
          complete: () => resolveEnded(undefined),
        },
      );
      const wait = (ms: number) =>
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), ms);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
      return {
        pending,
        ended,
        unsubscribe,
        async next(timeoutMs = 5000) {
          if (pending.length === 0 && !(await wait(timeoutMs))) throw new Error(`no subscription result within ${timeoutMs} ms`);
          return pending.shift()!;
        },
        async nothingWithin(ms) {
          if (pending.length > 0 || (await wait(ms))) throw new Error(`unexpected subscription result: ${JSON.stringify(pending[0])}`);
        },
      };
    },
    ping(payload) {
      if (!socket) throw new Error('not connected');
      socket.send(JSON.stringify({ type: 'ping', payload }));
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/**
 * Opens a raw socket speaking graphql-transport-ws (no client library), for protocol edge
 * cases: what the server answers and how it closes.
 */
export function openRawSocket(baseUrl: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; messages: unknown[]; closed: Promise<CloseInfo> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(baseUrl), 'graphql-transport-ws', { headers });
    const messages: unknown[] = [];
    const closed = new Promise<CloseInfo>((done) => socket.on('close', (code, reason) => done({ code, reason: String(reason) })));
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.on('open', () => resolve({ socket, messages, closed }));
    socket.on('unexpected-response', (_request, response) => reject(Object.assign(new Error(`HTTP ${response.statusCode}`), { statusCode: response.statusCode })));
    socket.on('error', reject);
  });
}
