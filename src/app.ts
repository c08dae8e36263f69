/**
 * The composition root: `createApp(config)` builds every piece of the running API (Prisma,
 * services, resolvers, schema, Apollo, Fastify) and nothing else constructs infrastructure.
 * main.ts and the tests use the same factory.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo, { fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import cookie from '@fastify/cookie';
import { createMailer, type Mailer } from './auth/mailer';
import { PasswordHasher } from './auth/passwords';
import { SessionAccessTokenVerifier } from './auth/session-verifier';
import { staleTokenPlugin } from './plugins/stale-token';
import { Throttle } from './auth/throttle';
import { AccessTokens } from './auth/tokens';
import type { Config } from './config';
import type { RefreshCookie } from './auth/client-info';
import { createContext, type Context } from './context';
import { pendingMigrations, readMigrations, type Migration } from './db/migrations';
import { OperationBudget } from './http/operation-budget';
import { registerSecurityHeaders } from './http/security-headers';
import { registerExplorer, withOfflineExplorerLink } from './http/explorer';
import { EXPLORER_DOCUMENT, EXPLORER_VARIABLES } from './http/explorer-examples';
import { operationTypePlugin } from './plugins/operation-type';
import { serviceUnavailablePlugin } from './plugins/service-unavailable';
import { fastifyTrustProxy } from './http/trust-proxy';
import { loadTrustedDocuments, trustedDocumentsPlugin } from './plugins/trusted-documents';
import { createPrismaClient, type Db } from './db/prisma';
import { JobQueue, startJobWorker, type JobWorker } from './jobs/job-queue';
import { createLoaders, createResolverRegistry, createServices, jobHandlers, type Services } from './modules';
import { LocalStorage } from './modules/media/storage/local-storage';
import { registerLocalStorageRoutes } from './modules/media/storage/local-storage.routes';
import { createStorage } from './modules/media/storage/create-storage';
import { noStorePlugin } from './plugins/no-store';
import { EventBus } from './realtime/event-bus';
import { SocketOperationChecks } from './realtime/operation-checks';
import { Outbox } from './realtime/outbox';
import { RealtimeStreams } from './realtime/streams';
import { SubscriptionServer } from './realtime/websocket-server';
import { createSchema } from './schema';
import { compiledExecution } from './shared/compiled-execution';
import { createFormatError } from './shared/format-error';
import { inputGuardPlugin } from './plugins/input-guard';
import { createLogger, type Logger } from './shared/logger';
import { queryLimitOptions } from './plugins/query-limits';
import { RateLimits } from './shared/rate-limits';
import { requestScope } from './shared/request-context';

export interface App {
  config: Config;
  logger: Logger;
  http: FastifyInstance;
  apollo: ApolloServer<Context>;
  schema: GraphQLSchema;
  db: Db;
  services: Services;
  passwords: PasswordHasher;
  /** Realtime events of this instance (and, with REDIS_URL, of the others). */
  events: EventBus;
  /** The WebSocket side of /graphql (subscriptions). */
  subscriptions: SubscriptionServer;
  /** Builds a context as an HTTP request with this Authorization header would get. */
  contextFor(authorization?: string): Promise<Context>;
  /** Starts listening; resolves with the bound address. */
  listen(): Promise<string>;
  /** Graceful stop: refuse new work, finish in-flight requests, close the pool. Idempotent. */
  stop(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** Outgoing mail; default: from the configuration (SMTP, or the log). */
  mailer?: Mailer;
}

/** Name of the refresh-token cookie (cookie transport, AUTH_REFRESH_COOKIE=true). */
export const REFRESH_COOKIE = 'campus_refresh';

/** A client-supplied request id is reused only when it is short and harmless in logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function landingPage(config: Config): ApolloServerPlugin {
  if (!config.graphql.sandbox) return ApolloServerPluginLandingPageDisabled();
  return withOfflineExplorerLink(
    ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, document: EXPLORER_DOCUMENT, variables: EXPLORER_VARIABLES }),
  );
}

/** The migrations recorded as applied; none when the bookkeeping table does not exist yet. */
async function appliedMigrationNames(db: Db): Promise<string[]> {
  const [{ present }] = await db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`;
  if (!present) return [];
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return rows.map((row) => row.migration_name);
}

async function checkReadiness(db: Db, migrations: Migration[], timeoutMs: number): Promise<{ ok: boolean; detail: Record<string, unknown> }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), timeoutMs);
  });
  try {
    const pending = pendingMigrations(await Promise.race([appliedMigrationNames(db), timeout]), migrations);
    if (pending.length > 0) return { ok: false, detail: { status: 'migrations pending', pending } };
    return { ok: true, detail: { status: 'ready' } };
  } catch {
    return { ok: false, detail: { status: 'database unavailable' } };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The refresh cookie: HttpOnly (no script reads it), Secure, SameSite=Strict and scoped to
 * the GraphQL path, so that it travels only with same-site API calls.
 */
function refreshCookieOf(cookies: Record<string, string | undefined>, reply: FastifyReply): RefreshCookie {
  const options = { httpOnly: true, secure: true, sameSite: 'strict' as const, path: '/graphql' };
  return {
    read: () => cookies[REFRESH_COOKIE] || undefined,
    set: (token, expiresAt) => void reply.setCookie(REFRESH_COOKIE, token, { ...options, expires: expiresAt }),
    clear: () => void reply.clearCookie(REFRESH_COOKIE, options),
  };
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const databaseUrl = config.db.url;
  if (!databaseUrl) throw new Error('createApp needs config.db.url (main.ts starts the embedded database when it is unset)');
  const logger = options.logger ?? createLogger(config.log.level);

  const db = createPrismaClient(databaseUrl, config.db, logger);
  const accessTokens = new AccessTokens(config.auth);
  const verifier = new SessionAccessTokenVerifier(db, accessTokens, config.auth);
  const passwords = new PasswordHasher(config.auth.bcryptCost, config.auth.passwordWorkers);
  const rateLimits = RateLimits.create(config.redis.url, logger);
  const throttle = Throttle.create(config.rateLimits, rateLimits);
  const budget = OperationBudget.create(config.operationLimits, rateLimits);
  const mailer = options.mailer ?? createMailer(config.mail, config.env, logger);
  const jobs = new JobQueue(config.mail.maxAttempts);
  // The local storage driver's links point at MEDIA_PUBLIC_URL, else at the address listen() bound.
  let listeningAt = `http://${config.http.host}:${config.http.port}`;
  const storage = await createStorage(config, () => config.media.publicUrl ?? listeningAt);
  const events = EventBus.create(config.redis.url, logger);
  const outbox = new Outbox(db, events, logger);
  const services = createServices(db, config, { passwords, throttle, mailer, accessTokens, verifier, storage, logger, outbox, jobs });
  const schema = await createSchema(createResolverRegistry(services));
  const migrations = await readMigrations();

  const limits = queryLimitOptions(config.queryLimits);
  const trustedDocuments = loadTrustedDocuments(config.trustedDocuments);
  const formatError = createFormatError(logger);
  const apollo = new ApolloServer<Context>({
    // The schema, executed by graphql-jit (see compiled-execution.ts).
    gateway: compiledExecution(schema),
    ...limits,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.graphql.introspection,
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // createApp's stop() owns shutdown, so that the pool and the embedded database close last.
    stopOnTerminationSignals: false,
    plugins: [staleTokenPlugin(), operationTypePlugin(), trustedDocumentsPlugin(config, logger, trustedDocuments), ApolloServerPluginCacheControlDisabled(), landingPage(config), noStorePlugin(), ...limits.plugins, inputGuardPlugin(), serviceUnavailablePlugin()],
  });
  await apollo.start();
  // Mail and other jobs run off the request path, in this process unless JOBS_WORKER=false.
  const worker: JobWorker | null = config.jobs.runWorker
    ? startJobWorker(databaseUrl, jobHandlers(services), { concurrency: config.jobs.concurrency, logger })
    : null;

  const http = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Who `request.ip` is (per-IP limits, Session.ip): the socket address unless TRUST_PROXY
    // names the reverse proxies (or their hop count) whose X-Forwarded-For is believed.
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    connectionTimeout: 30_000,
    // While stopping, a request arriving on an open keep-alive connection is served (with
    // `Connection: close`) instead of answered 503: a client that sent it never sees a 5xx.
    return503OnClosing: false,
    // Node checks these timeouts every connectionsCheckingInterval (default 30 s): check often
    // enough that a slow client is cut close to the configured time.
    http: {
      requestTimeout: config.http.requestTimeoutMs,
      headersTimeout: config.http.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
    },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  http.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    requestScope.run({ requestId: request.id }, done);
  });
  await http.register(cors, {
    origin: config.http.corsOrigins,
    // PUT: browsers send files to the local storage driver's signed upload URLs.
    methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });

  await registerSecurityHeaders(http, { sandbox: config.graphql.sandbox });
  await registerExplorer(http, { sandbox: config.graphql.sandbox });
  await http.register(cookie);
  if (storage instanceof LocalStorage) await registerLocalStorageRoutes(http, storage);
  const contextDeps = { db, tokens: verifier, createLoaders };
  const apolloOptions = {
    context: async (request: FastifyRequest, reply: FastifyReply) => {
      const context = await createContext(contextDeps, {
        requestId: request.id,
        authorization: request.headers.authorization,
        client: { ip: request.ip, userAgent: request.headers['user-agent'] },
        refreshCookie: config.auth.refreshCookie ? refreshCookieOf(request.cookies, reply) : null,
      });
      await budget.consume(context.viewer ? { userId: context.viewer.id } : { ip: request.ip });
      return context;
    },
  };
  // GET /graphql is shared: a WebSocket upgrade goes to the subscription server, a plain GET to Apollo.
  const subscriptions = new SubscriptionServer({
    config,
    logger,
    db,
    schema,
    verifier,
    budget,
    streams: new RealtimeStreams(events, services, logger),
    checks: new SocketOperationChecks(schema, config, trustedDocuments),
    formatError,
  });
  await subscriptions.register(http, fastifyApolloHandler(apollo, apolloOptions));
  await http.register(fastifyApollo(apollo), { path: '/graphql', method: ['POST', 'OPTIONS'], ...apolloOptions });

  // Sessions ended here are announced to every instance (and to this one's sockets).
  verifier.onEviction((eviction) => events.publish('session.evicted', eviction));
  events.on('session.evicted', (eviction) => {
    verifier.forget(eviction);
    subscriptions.onSessionEviction(eviction);
  });
  outbox.start();

  // Housekeeping: ended sessions are deleted a day after they end (soon after start, then hourly).
  const purge = () =>
    services.session.purgeEnded().then(
      (count) => count > 0 && logger.info({ count }, 'deleted ended sessions'),
      (error) => logger.warn({ err: error }, 'could not delete ended sessions'),
    );
  const purgeTimer = setInterval(purge, 3600_000);
  const firstPurge = setTimeout(purge, 10_000);
  purgeTimer.unref();
  firstPurge.unref();

  // Housekeeping: files nobody can reach any more go after the grace period (see MediaService).
  const purgeUploads = () =>
    services.media.purgeUnreachable().then(
      (count) => count > 0 && logger.info({ count }, 'deleted unreachable uploads'),
      (error) => logger.warn({ err: error }, 'could not delete unreachable uploads'),
    );
  const uploadsTimer = setInterval(purgeUploads, config.media.cleanupIntervalSeconds * 1000);
  uploadsTimer.unref();

  let stopping: Promise<void> | null = null;
  http.get('/health', async () => ({ status: 'ok' }));
  http.get('/ready', async (_request, reply) => {
    if (stopping) return reply.code(503).send({ status: 'stopping' });
    const { ok, detail } = await checkReadiness(db, migrations, 2_000);
    return reply.code(ok ? 200 : 503).send(detail);
  });

  const stop = () => {
    stopping ??= (async () => {
      clearInterval(purgeTimer);
      clearTimeout(firstPurge);
      clearInterval(uploadsTimer);
      // Requests still running after the grace period are cut so that shutdown always ends.
      const force = setTimeout(() => http.server.closeAllConnections(), config.shutdownGraceMs);
      // Keep-alive sockets that finish their last request after close() began would otherwise
      // stay open until their idle timeout; close each as soon as it is idle.
      const sweepIdle = setInterval(() => http.server.closeIdleConnections(), 100);
      force.unref();
      try {
        await http.close();
        await apollo.stop();
      } finally {
        clearTimeout(force);
        clearInterval(sweepIdle);
        await outbox.stop();
        // A job in progress finishes first (a mail is sent at most once per attempt).
        await worker?.stop().catch((error: unknown) => logger.warn({ err: error }, 'job worker did not stop cleanly'));
        await Promise.allSettled([passwords.close(), rateLimits.close(), storage.close(), events.close(), mailer.close?.()]);
        await db.$disconnect();
      }
    })();
    return stopping;
  };

  return {
    config,
    logger,
    http,
    apollo,
    schema,
    db,
    services,
    passwords,
    events,
    subscriptions,
    contextFor: (authorization) => createContext(contextDeps, { requestId: randomUUID(), authorization, client: { ip: '127.0.0.1' } }),
    listen: async () => {
      const address = await http.listen({ host: config.http.host, port: config.http.port });
      listeningAt = address;
      return address;
    },
    stop,
  };
}
