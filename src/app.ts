/**
 * The composition root: `createApp(config)` builds every piece of the running API (Prisma,
 * services, resolvers, schema, Apollo, Fastify) and nothing else constructs infrastructure.
 * main.ts and the tests use the same factory. Its steps live in src/app/: infrastructure,
 * services and schema, Apollo, the HTTP server and its routes, housekeeping, shutdown.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { startApollo } from './app/apollo';
import { registerGraphqlRoutes } from './app/graphql-routes';
import { startHousekeeping } from './app/housekeeping';
import { createHttpServer } from './app/http-server';
import { buildInfrastructure } from './app/infrastructure';
import { registerHealthRoutes } from './app/readiness';
import { gracefulStop } from './app/shutdown';
import type { Mailer } from './auth/mailer';
import type { PasswordHasher } from './auth/passwords';
import type { Config } from './config';
import { createContext, type Context } from './context';
import { readMigrations } from './db/migrations';
import type { Db } from './db/prisma';
import { startJobWorker } from './jobs/job-queue';
import { createLoaders, createResolverRegistry, createServices, jobHandlers, type Services } from './modules';
import { loadTrustedDocuments } from './plugins/trusted-documents';
import type { EventBus } from './realtime/event-bus';
import type { SubscriptionServer } from './realtime/websocket-server';
import { createSchema } from './schema';
import { FastPath } from './fast-path/fast-path';
import { createFormatError } from './shared/format-error';
import { createLogger, type Logger } from './shared/logger';

export { REFRESH_COOKIE } from './app/refresh-cookie';

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
  /** Whether covered queries take the one-statement fast path (src/fast-path); default: GRAPHQL_FAST_PATH. Tests compare both paths. */
  fastPath?: boolean;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const databaseUrl = config.db.url;
  if (!databaseUrl) throw new Error('createApp needs config.db.url (main.ts starts the embedded database when it is unset)');
  const logger = options.logger ?? createLogger(config.log.level);

  // 1. Infrastructure. The local storage driver's links point at MEDIA_PUBLIC_URL, else at
  // the address listen() bound.
  let listeningAt = `http://${config.http.host}:${config.http.port}`;
  const infra = await buildInfrastructure(config, databaseUrl, logger, options.mailer, () => config.media.publicUrl ?? listeningAt);
  const { db, passwords, events, verifier } = infra;

  // 2. Services and schema.
  const services = createServices(db, config, { ...infra, logger });
  const schema = await createSchema(createResolverRegistry(services));
  const migrations = await readMigrations();

  // 3. Apollo. Mail and other jobs run off the request path, in this process unless JOBS_WORKER=false.
  const trustedDocuments = loadTrustedDocuments(config.trustedDocuments);
  const formatError = createFormatError(logger);
  const fastPath = (options.fastPath ?? config.graphql.fastPath) ? new FastPath(schema, db, services.calendar) : null;
  const apollo = await startApollo(config, logger, schema, trustedDocuments, formatError, fastPath);
  const worker = config.jobs.runWorker
    ? startJobWorker(databaseUrl, jobHandlers(services), { concurrency: config.jobs.concurrency, logger })
    : null;

  // 4. HTTP server and routes.
  const http = await createHttpServer(config, logger, infra.storage);
  const contextDeps = { db, tokens: verifier, createLoaders };
  const subscriptions = await registerGraphqlRoutes(http, { config, logger, infra, services, schema, apollo, trustedDocuments, formatError, contextDeps });
  infra.outbox.start();

  // 5. Lifecycle: housekeeping, health routes, graceful stop.
  const { stop, isStopping } = gracefulStop({
    http,
    apollo,
    infra,
    graceMs: config.shutdownGraceMs,
    stopHousekeeping: startHousekeeping(services, config, logger),
    stopJobWorker: async () => {
      await worker?.stop().catch((error: unknown) => logger.warn({ err: error }, 'job worker did not stop cleanly'));
    },
  });
  registerHealthRoutes(http, db, migrations, isStopping);

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
