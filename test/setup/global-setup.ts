import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { applyMigrations } from '../../src/db/migrations';
import { migrateJobQueue } from '../../src/jobs/job-queue-schema';
import { databaseUrl, ENV_ADMIN_URL, ENV_PREFIX, templateName, workerDatabaseName } from './test-database';

declare global {
  // Lets global-teardown.ts stop what global-setup.ts started (same process).
  var __campusTestTeardown: (() => Promise<void>) | undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export default async function globalSetup(globalConfig: { maxWorkers: number; rootDir: string }): Promise<void> {
  // `npm run test:unit`: pure tests only, no database to prepare.
  if (process.env.CAMPUS_TEST_WITHOUT_DATABASE === '1') return;
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => undefined as void;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(globalConfig.rootDir, '.data', 'test'),
      port: await freePort(),
      database: 'postgres',
    });
    adminUrl = server.url;
    stopServer = server.stop;
  }

  const prefix = `campus_test_${randomBytes(4).toString('hex')}`;
  const template = templateName(prefix);
  const workers = Array.from({ length: Math.max(1, globalConfig.maxWorkers) }, (_, i) => workerDatabaseName(prefix, i + 1));

  await withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(template)}`);
  });
  await applyMigrations(databaseUrl(adminUrl, template));
  // The job queue's schema too, so that no test app installs it on start.
  await migrateJobQueue(databaseUrl(adminUrl, template));
  await withClient(adminUrl, async (client) => {
    for (const name of workers) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`);
    }
  });

  process.env[ENV_ADMIN_URL] = adminUrl;
  process.env[ENV_PREFIX] = prefix;
  globalThis.__campusTestTeardown = async () => {
    await withClient(adminUrl, async (client) => {
      for (const name of [...workers, template]) {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      }
    });
    await stopServer();
  };
}
