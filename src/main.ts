/**
 * Entry point of `npm start`: configuration → database (DATABASE_URL or the embedded one) →
 * migrations → createApp → listen. SIGINT, SIGTERM and SIGHUP (the terminal closed) stop it
 * gracefully: in-flight requests finish, the pool closes, then the embedded database stops.
 */
import { createApp, type App } from './app';
import { ConfigError, loadConfigFromProcess, type Config } from './config';
import { resolveDatabase, type ResolvedDatabase } from './db/database';
import { withDevelopmentSecrets } from './db/dev-secrets';
import { EmbeddedPostgresError } from './db/embedded-postgres';
import { applyMigrations, MigrationError } from './db/migrations';
import { migrateJobQueue } from './jobs/job-queue-schema';
import { createLogger, type Logger } from './shared/logger';

/** The HTTP port cannot be bound, for a reason the user can fix. */
class ListenError extends Error {
  override name = 'ListenError';
}

/** Errors whose message tells the user what to do; printed without a stack trace. */
function isUserFacing(error: unknown): error is Error {
  return [ConfigError, EmbeddedPostgresError, MigrationError, ListenError].some((type) => error instanceof type);
}

function explainListenError(error: unknown, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ListenError(`Port ${port} is already in use (is another \`npm start\` running?). Stop it, or set PORT to a free port.`);
  if (code === 'EACCES') return new ListenError(`Not allowed to listen on port ${port}. Choose a PORT above 1024.`);
  return error as Error;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger: Logger = createLogger(config.log.level, undefined, { pretty: config.env === 'development' && process.stdout.isTTY });

  let database: ResolvedDatabase | undefined;
  let app: App | undefined;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await app?.stop();
      await database?.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Closing the terminal sends SIGHUP, whose default would kill the process and leave the
  // embedded PostgreSQL running with its data directory locked.
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  try {
    config = await withDevelopmentSecrets(config);
    database = await resolveDatabase(config, logger);
    await applyMigrations(database.url, logger);
    // The job queue's own schema (graphile-worker's versioned migrations, schema graphile_worker).
    await migrateJobQueue(database.url, logger);
    app = await createApp({ ...config, db: { ...config.db, url: database.url } }, { logger });
    await app.listen().catch((error) => {
      throw explainListenError(error, config.http.port);
    });
    const shownHost = ['0.0.0.0', '::', '127.0.0.1'].includes(config.http.host) ? 'localhost' : config.http.host;
    logger.info(
      { env: config.env, sandbox: config.graphql.sandbox },
      `GraphQL API ready at http://${shownHost}:${config.http.port}/graphql${config.graphql.sandbox ? ` (open it in a browser for Apollo Sandbox, or http://${shownHost}:${config.http.port}/graphiql offline)` : ''}`,
    );
    if (config.env !== 'production' && !(await app.services.school.hasAny())) {
      logger.info('The database has no schools yet, so the community examples find nothing: run `npm run db:seed` for demo schools, boards and accounts (password campus-demo-1234).');
    }
  } catch (error) {
    if (isUserFacing(error)) {
      logger.fatal(error.message);
    } else {
      logger.fatal({ err: error }, 'could not start');
    }
    await app?.stop().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
