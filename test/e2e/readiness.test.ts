import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyMigrations, readMigrations } from '../../src/db/migrations';
import { unique } from '../helpers/factories';
import { query } from '../helpers/sql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { databaseUrl, ENV_ADMIN_URL } from '../setup/test-database';

/** A brand-new, empty database on the test server. */
const adminUrl = process.env[ENV_ADMIN_URL]!;
const name = unique('ready').replace(/-/g, '_');
const url = databaseUrl(adminUrl, name);

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  await query(adminUrl, `CREATE DATABASE "${name}"`);
  app = await createTestApp(testConfig({ DATABASE_URL: url }));
  baseUrl = await app.listen();
});
afterAll(async () => {
  await app.stop();
  await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
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

    const rows = await query(url, 'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name');
    expect(appliedAgain).toEqual([]);
    expect(rows).toEqual((await readMigrations()).map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });
});
