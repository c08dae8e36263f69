/**
 * The bench database `campus_bench`: on DATABASE_URL's server, else on the embedded
 * PostgreSQL kept in .data/bench. Imports the compiled project from dist/.
 */
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../dist/src/config.js';
import { resolveDatabase } from '../../dist/src/db/database.js';
import { applyMigrations } from '../../dist/src/db/migrations.js';
import { createLogger } from '../../dist/src/shared/logger.js';
import { ROOT, freePort } from './process.mjs';

export const BENCH_DATABASE = 'campus_bench';

export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(adminUrl, sql) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'campus-bench' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL's server, else the embedded PostgreSQL in .data/<dataDir> (started here), with
 * `recreate()` (drop, create, migrate `database`: campus_bench unless told), `drop()`
 * (failures go to `log`) and `stop()`.
 * `clusterDir`: the embedded cluster's directory, null on DATABASE_URL's server.
 */
export async function openDatabaseServer({ log, database = BENCH_DATABASE, dataDir = 'bench' }) {
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: path.join(ROOT, '.data', dataDir),
    EMBEDDED_DATABASE_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  });
  const server = await resolveDatabase(config, createLogger('warn'));
  return {
    adminUrl: server.url,
    embedded: server.embedded,
    clusterDir: server.embedded ? path.join(config.dataDir, 'postgres') : null,
    url: withDatabase(server.url, database),
    async recreate() {
      await adminQuery(server.url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await adminQuery(server.url, `CREATE DATABASE "${database}"`);
      await applyMigrations(this.url);
    },
    async drop() {
      await adminQuery(server.url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch((error) => log(`could not drop ${database}: ${error.message}`));
    },
    stop: () => server.stop(),
  };
}
