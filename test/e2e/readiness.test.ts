import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { applyMigrations, readMigrations } from '../../src/db/migrations';
import { unique } from '../helpers/factories';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { databaseUrl, ENV_ADMIN_URL } from '../setup/test-database';

/** A brand-new, empty database on the test server. */
const adminUrl = process.env[ENV_ADMIN_URL]!;
const name = unique('ready').replace(/-/g, '_');
const url = databaseUrl(adminUrl, name);

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  await admin(`CREATE DATABASE "${name}"`);
  app = await createTestApp(testConfig({ DATABASE_URL: url }));
  baseUrl = await app.listen();
});
afterAll(async () => {
  await app.stop();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('/ready', () => {
  it('answers 503 listing pending migrations, then 200 once they are applied', async () => {
    const migrations = (await readMigrations()).map((m) => m.name);

    const before = await fetch(`${baseUrl}/ready`);
    await applyMigrations(url);
    const after = await fetch(`${baseUrl}/ready`);

    expect([before.status, await before.json()]).toEqual([503, { status: 'migrations pending', pending: migrations }]);
    expect([after.status, await after.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('applies nothing twice and records migrations as Prisma does', async () => {
    const appliedAgain = await applyMigrations(url);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query('SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name').finally(() => client.end());
    expect(appliedAgain).toEqual([]);
    expect(rows.rows).toEqual((await readMigrations()).map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });
});
