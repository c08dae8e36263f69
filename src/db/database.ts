/**
 * Where the database is: DATABASE_URL when set, otherwise the embedded PostgreSQL in the
 * data folder. Used by the server (main.ts) and by the database tools (CLI, seed).
 */
import path from 'node:path';
import type { Config } from '../config';
import { describeDatabaseUrl, type Logger } from '../shared/logger';
import { startEmbeddedPostgres } from './embedded-postgres';

/** Name of the application database on the embedded server. */
export const EMBEDDED_DATABASE_NAME = 'campus';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded server when this process started it; no-op otherwise. */
  stop(): Promise<void>;
}

export async function resolveDatabase(config: Config, logger: Logger, options: { reuseRunning?: boolean } = {}): Promise<ResolvedDatabase> {
  if (config.db.url) {
    logger.info({ database: describeDatabaseUrl(config.db.url) }, 'using the database from DATABASE_URL');
    return { url: config.db.url, embedded: false, stop: async () => undefined };
  }
  const dataDir = path.resolve(config.dataDir);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: config.db.embeddedPort,
    database: EMBEDDED_DATABASE_NAME,
    logger,
    reuseRunning: options.reuseRunning,
  });
  logger.info(
    { dataDir: server.clusterDir, database: describeDatabaseUrl(server.url) },
    `DATABASE_URL is unset: using the embedded PostgreSQL, data kept in ${server.clusterDir}. ` +
      'To use your own server instead, set DATABASE_URL=postgresql://user:password@host:5432/dbname',
  );
  return { url: server.url, embedded: true, stop: server.stop };
}
