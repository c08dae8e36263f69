/**
 * GraphQL subscriptions over WebSocket: the `graphql-transport-ws` protocol (graphql-ws's
 * `makeServer`) on `@fastify/websocket`, on the API's own port and path (`GET /graphql` with
 * an Upgrade header; plain GET and POST stay with Apollo).
 *
 * Contract (README, "Subscriptions"):
 * - Upgrade: refused with 403 when the browser's Origin is not allowed by CORS_ORIGINS
 *   (cross-site WebSocket hijacking), 503 while the server drains.
 * - `connection_init` must carry `{ authorization: "Bearer <access token>" }` within
 *   WS_CONNECTION_INIT_TIMEOUT_MS (else 4408). No token: close 4401; an invalid, expired or
 *   revoked token: close 4403. A `subscribe` before the ack: 4401 (graphql-ws).
 * - Operations pass the HTTP rules (operation-checks.ts), count against the operation budget,
 *   and run with the connection's viewer, so `@Authorized` and the services' rules apply; each
 *   event runs as its own request (fresh loaders); errors are masked by the same formatError.
 * - At most WS_MAX_SUBSCRIPTIONS_PER_CONNECTION active subscriptions per connection and
 *   WS_MAX_SUBSCRIPTIONS_PER_USER per user on this instance: beyond, the subscribe is refused
 *   with RATE_LIMITED.
 * - Keep-alive: a WebSocket ping every WS_KEEPALIVE_MS; no pong within the next interval
 *   terminates the connection. Clients may also send protocol `ping` messages.
 * - The connection lives as long as its session and access token: a session ended anywhere
 *   (logout, revocation, password change, suspension) closes it with 4403 on every instance
 *   (`onSessionEviction`); at the token's expiry it closes with 4403 unless the client sent a
 *   fresh token in-band first: a `ping` message whose payload is
 *   `{ authorization: "Bearer <new access token>" }` for the same account.
 * - Shutdown (`drain`): new upgrades get 503, events being executed finish (within
 *   SHUTDOWN_GRACE_MS), then every connection closes with 1001 (going away).
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { parseBearer } from '../auth/access-token';
import type { SessionAccessTokenVerifier, SessionEviction } from '../auth/session-verifier';
import type { Viewer } from '../auth/viewer';
import type { Config } from '../config';
import type { Context } from '../context';
import type { OperationBudget } from '../http/operation-budget';
import { createLoaders } from '../modules/loaders';
import type { Db } from '../db/prisma';
import { AppError, ErrorCode, RateLimitedError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { requestScope } from '../shared/request-context';
import type { SocketOperationChecks } from './operation-checks';
import type { RealtimeStreams } from './streams';

/** Close codes beyond graphql-ws's enum. */
export const GOING_AWAY = 1001;

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface WebSocketServerDeps {
  config: Config;
  logger: Logger;
  db: Db;
  schema: GraphQLSchema;
  verifier: SessionAccessTokenVerifier;
  budget: OperationBudget;
  streams: RealtimeStreams;
  checks: SocketOperationChecks;
  formatError: FormatError;
}

/** One open socket: who it is, until when, and what it runs. */
interface Connection {
  socket: WebSocket;
  id: string;
  ip: string;
  userAgent?: string;
  viewer: Viewer | null;
  expiryTimer: NodeJS.Timeout | null;
  subscriptions: number;
  closed: boolean;
  /** A keep-alive ping was sent and its pong has not come back yet. */
  awaitingPong: boolean;
}

/** The connection-level refusal of a subscribe over a limit: a client error, never retried at once. */
class SubscriptionLimitError extends AppError {
  constructor(message: string) {
    super(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds: 1 });
  }
}

/** Whether a browser page from `origin` may open a socket (the CORS allow-list); non-browser clients send no Origin. */
export function isAllowedOrigin(origin: string | undefined, allowed: Config['http']['corsOrigins']): boolean {
  return origin === undefined || allowed === true || allowed.includes(origin);
}

/** Reads the bearer token of a connection_init or ping payload; null when there is none. */
function bearerOf(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const record = payload as Record<string, unknown>;
  const header = record.authorization ?? record.Authorization;
  if (typeof header !== 'string') return null;
  try {
    return parseBearer(header);
  } catch {
    return null;
  }
}

/** An async iterator that maps each value of `source`, and ends `source` at once when ended itself. */
function mapIterator<T, R>(source: AsyncIterator<T>, map: (value: T) => Promise<R>): AsyncIterableIterator<R> {
  const end = async (): Promise<IteratorResult<R>> => {
    await source.return?.();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      const result = await source.next();
      return result.done ? { done: true, value: undefined } : { done: false, value: await map(result.value) };
    },
    return: end,
    async throw(error: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export class SubscriptionServer {
  private readonly connections = new Set<Connection>();
  private readonly perUser = new Map<string, number>();
  private inFlight = 0;
  private draining: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  private nextId = 0;

  constructor(private readonly deps: WebSocketServerDeps) {}

  /** Events being executed for subscribers right now (drain() waits for them). */
  get operationsInFlight(): number {
    return this.inFlight;
  }

  /** Open connections on this instance. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Registers @fastify/websocket and the `GET /graphql` route: upgrades go to this server,
   * plain GETs to `httpHandler` (Apollo). Register before Apollo's POST route.
   */
  async register(http: FastifyInstance, httpHandler: (request: FastifyRequest, reply: FastifyReply) => unknown): Promise<void> {
    const { config } = this.deps;
    await http.register(websocket, {
      options: { maxPayload: config.http.bodyLimitBytes, handleProtocols: (protocols) => handleProtocols(protocols) },
      // Sockets are closed by drain() (1001, after in-flight events), which stop() runs first.
      preClose: (done) => void this.drain().then(() => done(), done),
    });
    http.route({
      method: 'GET',
      url: '/graphql',
      preValidation: async (request, reply) => {
        // While draining, @fastify/websocket no longer upgrades: refuse by the header, not `request.ws`.
        if (this.draining && request.headers.upgrade?.toLowerCase() === 'websocket') return reply.code(503).send({ status: 'stopping' });
        if (!request.ws) return;
        if (!isAllowedOrigin(request.headers.origin, config.http.corsOrigins)) {
          this.deps.logger.info({ origin: request.headers.origin }, 'refused a WebSocket upgrade from a foreign origin');
          return reply.code(403).send({ error: 'origin not allowed' });
        }
      },
      handler: (request, reply) => httpHandler(request, reply),
      wsHandler: (socket, request) => this.accept(socket, request),
    });
  }

  /**
   * Closes (4403) or re-checks the connections an eviction names: ended sessions close at
   * once; for an account that changed, each connection re-verifies its token and keeps going
   * with the new role or school, or closes when its session is gone.
   */
  onSessionEviction(eviction: SessionEviction): void {
    const sessionIds = new Set(eviction.sessionIds ?? []);
    for (const connection of this.connections) {
      const viewer = connection.viewer;
      if (!viewer) continue;
      if (sessionIds.has(viewer.sessionId)) this.close(connection, CloseCode.Forbidden, 'Session ended');
      else if (eviction.userId === viewer.id) void this.recheck(connection);
    }
  }

  /** Refuses new sockets, lets events being executed finish, then closes every socket with 1001. Idempotent. */
  drain(): Promise<void> {
    this.draining ??= (async () => {
      if (this.inFlight > 0) {
        // Bounded like HTTP requests: after SHUTDOWN_GRACE_MS the sockets close anyway.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (this.drained = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, this.deps.config.shutdownGraceMs))),
        ]);
        clearTimeout(timer);
      }
      // An executed result reaches socket.send() through promise callbacks only; once they have
      // run, its frame is queued ahead of the close frame.
      await new Promise((resolve) => setImmediate(resolve));
      for (const connection of this.connections) this.close(connection, GOING_AWAY, 'Server shutting down');
    })();
    return this.draining;
  }

  private accept(socket: WebSocket, request: FastifyRequest): void {
    const { config, logger } = this.deps;
    const connection: Connection = {
      socket,
      id: `${request.id}`,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      viewer: null,
      expiryTimer: null,
      subscriptions: 0,
      closed: false,
      awaitingPong: false,
    };
    if (this.draining) return this.close(connection, GOING_AWAY, 'Server shutting down');
    this.connections.add(connection);

    const server = makeServer<Record<string, unknown> | undefined, { connection: Connection }>({
      schema: this.deps.schema,
      connectionInitWaitTimeout: config.websocket.connectionInitTimeoutMs,
      onConnect: (ctx) => this.authenticate(connection, ctx.connectionParams),
      onPing: (_ctx, payload) => this.renew(connection, payload),
      onSubscribe: (_ctx, id, payload) => this.prepare(connection, id, payload),
      subscribe: (args) => this.run(connection, args),
      onNext: (_ctx, _id, _payload, args, result) => this.format(result, (args.contextValue as Context).requestId),
      onError: (_ctx, id, _payload, errors) => this.formatErrors(errors, `${connection.id}:${id}`),
      onComplete: () => this.release(connection),
    });

    // A peer that misses a whole interval's pong is gone (network cut, suspended laptop).
    const keepAlive = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      if (connection.awaitingPong) return socket.terminate();
      connection.awaitingPong = true;
      socket.ping();
    }, config.websocket.keepAliveMs);
    socket.on('pong', () => (connection.awaitingPong = false));
    socket.on('error', (error) => logger.debug({ err: error, connection: connection.id }, 'WebSocket error'));

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => this.close(connection, code ?? 1000, reason ?? ""),
        onMessage: (receive) =>
          socket.on('message', (data) => {
            receive(String(data)).catch((error: unknown) => {
              logger.error({ err: error, connection: connection.id }, 'WebSocket message handling failed');
              this.close(connection, CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { connection },
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
      connection.closed = true;
      this.connections.delete(connection);
      void closed(code, String(reason));
    });
  }

  /** connection_init: false refuses with 4403 (graphql-ws); a missing token closes with 4401 first. */
  private async authenticate(connection: Connection, params: Record<string, unknown> | undefined): Promise<boolean> {
    const token = bearerOf(params);
    if (!token) {
      this.close(connection, CloseCode.Unauthorized, 'Unauthorized: send { authorization: "Bearer <access token>" } in connection_init');
      return false;
    }
    try {
      const { viewer, expiresAt } = await this.deps.verifier.verifyWithExpiry(token);
      this.setViewer(connection, viewer, expiresAt);
      return true;
    } catch {
      return false;
    }
  }

  /** A `ping` carrying a fresh access token of the same account extends the connection's life. */
  private async renew(connection: Connection, payload: unknown): Promise<void> {
    const token = bearerOf(payload);
    if (!token || !connection.viewer) return;
    try {
      const { viewer, expiresAt } = await this.deps.verifier.verifyWithExpiry(token);
      if (viewer.id !== connection.viewer.id) return this.close(connection, CloseCode.Forbidden, 'Forbidden: the token is for another account');
      this.setViewer(connection, viewer, expiresAt);
    } catch {
      this.close(connection, CloseCode.Forbidden, 'Forbidden: invalid access token');
    }
  }

  private setViewer(connection: Connection, viewer: Viewer, expiresAt: Date): void {
    if (connection.closed) return;
    connection.viewer = viewer;
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    // setTimeout holds at most ~24.8 days; access tokens live at most an hour (config).
    const delay = Math.max(0, expiresAt.getTime() - Date.now());
    connection.expiryTimer = setTimeout(() => this.close(connection, CloseCode.Forbidden, 'Forbidden: access token expired'), delay);
    connection.expiryTimer.unref();
  }

  private async recheck(connection: Connection): Promise<void> {
    const viewer = connection.viewer;
    if (!viewer || connection.closed) return;
    // The token itself is not kept: the session row says whether it lives, and gives the new role and school.
    const fresh = await this.deps.verifier.reloadSession(viewer.sessionId, viewer.id).catch(() => null);
    if (!fresh) return this.close(connection, CloseCode.Forbidden, 'Session ended');
    connection.viewer = fresh;
  }

  /**
   * Checks a subscribe message and builds its execution arguments, or refuses it. The slot
   * is taken before anything is awaited, so that concurrent subscribes cannot all pass the
   * limit; a refusal gives it back (graphql-ws calls onComplete only for operations that run).
   */
  private async prepare(connection: Connection, id: string, payload: Parameters<SocketOperationChecks['check']>[0]): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const viewer = connection.viewer!;
    const { websocket: limits } = this.deps.config;
    if (this.draining) return [new GraphQLError('The server is shutting down; reconnect', { extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 1 } })];
    if (connection.subscriptions >= limits.maxSubscriptionsPerConnection) {
      return [new SubscriptionLimitError(`At most ${limits.maxSubscriptionsPerConnection} active subscriptions per connection`)];
    }
    if ((this.perUser.get(viewer.id) ?? 0) >= limits.maxSubscriptionsPerUser) {
      return [new SubscriptionLimitError(`At most ${limits.maxSubscriptionsPerUser} active subscriptions per user`)];
    }
    connection.subscriptions += 1;
    this.perUser.set(viewer.id, (this.perUser.get(viewer.id) ?? 0) + 1);
    try {
      await this.deps.budget.consume({ userId: viewer.id });
      const checked = this.deps.checks.check(payload);
      if (Array.isArray(checked)) {
        this.release(connection);
        return checked;
      }
      const { document, operationName, variableValues } = checked as Exclude<typeof checked, GraphQLError[]>;
      return { schema: this.deps.schema, document, operationName, variableValues, contextValue: this.contextOf(connection, `${connection.id}:${id}`) };
    } catch (error) {
      this.release(connection);
      if (error instanceof RateLimitedError) return [error];
      throw error;
    }
  }

  /** Undoes `prepare`'s counting when an operation ends (completed, errored, or its socket closed). */
  private release(connection: Connection): void {
    const viewer = connection.viewer;
    connection.subscriptions = Math.max(0, connection.subscriptions - 1);
    if (!viewer) return;
    const left = (this.perUser.get(viewer.id) ?? 1) - 1;
    if (left > 0) this.perUser.set(viewer.id, left);
    else this.perUser.delete(viewer.id);
  }

  /** A request-like context for one event (or for the subscribe call): the connection's current viewer, fresh loaders. */
  private contextOf(connection: Connection, requestId: string): Context {
    const context: Omit<Context, 'viewer'> = {
      requestId,
      loaders: createLoaders(this.deps.db, connection.viewer),
      client: { ip: connection.ip, userAgent: connection.userAgent },
      refreshCookie: null,
      rejectedToken: null,
      signedInAs: null,
      realtime: this.deps.streams,
    };
    // The connection's viewer as of now (see realtimeOf).
    return Object.defineProperty(context, 'viewer', { get: () => connection.viewer, enumerable: true }) as Context;
  }

  /**
   * graphql-js's subscribe, except that each event executes with a context of its own (so
   * loaders never serve an earlier event's rows) and counts as in flight for drain().
   */
  private async run(connection: Connection, args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const requestId = (args.contextValue as Context).requestId;
    return mapIterator(source as AsyncIterableIterator<unknown>, async (event) => {
      this.inFlight += 1;
      try {
        return await execute({ ...args, rootValue: event, contextValue: this.contextOf(connection, requestId) });
      } finally {
        this.inFlight -= 1;
        if (this.inFlight === 0) this.drained?.();
      }
    });
  }

  private format(result: ExecutionResult, requestId: string) {
    if (!result.errors) return undefined;
    return { ...result, errors: this.formatErrors(result.errors, requestId) };
  }

  /** formatError under the operation's request id (it names it in masked errors and in the log). */
  private formatErrors(errors: readonly GraphQLError[], requestId: string): GraphQLFormattedError[] {
    return requestScope.run({ requestId }, () => errors.map((error) => this.deps.formatError(error.toJSON(), error)));
  }

  /** Closes once (the first code wins); protocol reasons are at most 123 bytes. */
  private close(connection: Connection, code: number, reason: string): void {
    if (connection.closed) return;
    connection.closed = true;
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    connection.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }
}
