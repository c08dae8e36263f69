import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { applyMigrations, MigrationError, readMigrations, type Migration } from '../../../src/db/migrations';
import { unique } from '../../helpers/factories';
import { run } from '../../helpers/run';
import { query } from '../../helpers/sql';
import { databaseUrl, ENV_ADMIN_URL, workerDatabaseUrl } from '../../setup/test-database';

const adminUrl = process.env[ENV_ADMIN_URL]!;
const ROOT = path.resolve(__dirname, '..', '..', '..');
const created: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = unique('mig').replace(/-/g, '_');
  await query(adminUrl, `CREATE DATABASE "${name}"`);
  created.push(name);
  return databaseUrl(adminUrl, name);
}

function prisma(args: string[], url: string) {
  return run(process.execPath, [require.resolve('prisma/build/index.js'), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
}

let migrations: Migration[];
beforeAll(async () => {
  migrations = await readMigrations();
});
afterAll(async () => {
  for (const name of created) await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('applyMigrations', () => {
  it('refuses to start when an applied migration was edited afterwards', async () => {
    const url = await emptyDatabase();
    await applyMigrations(url, undefined, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));

    await expect(applyMigrations(url, undefined, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('rolls a failing migration back whole and records nothing', async () => {
    const url = await emptyDatabase();
    const broken: Migration = { name: '99999999999999_broken', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;', checksum: 'a'.repeat(64) };

    const attempt = applyMigrations(url, undefined, [...migrations, broken]);

    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    expect(await query(url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
    expect((await query(url, 'SELECT migration_name FROM "_prisma_migrations"')).map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
  });
});

describe('the Prisma CLI through prisma.config.ts (offline JS schema engine)', () => {
  it('agrees that a database migrated by the server is up to date', async () => {
    const result = await prisma(['migrate', 'status'], workerDatabaseUrl());

    expect({ code: result.code, out: result.stdout }).toMatchObject({ code: 0, out: expect.stringContaining('Database schema is up to date') });
  });

  it('finds no drift between schema.prisma and the committed migrations (via a shadow database)', async () => {
    const result = await prisma(
      ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'],
      workerDatabaseUrl(),
    );

    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toMatchObject({ code: 0 });
    const leftovers = await query<{ datname: string }>(adminUrl, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'");
    expect(leftovers).toEqual([]);
  });

  it('treats DATABASE_URL set but empty (as in many .env files) as unset: no engine download, offline', async () => {
    const result = await prisma(['validate'], '');

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining('binaries.prisma.sh') });
    expect(result.stdout).toContain('is valid');
  });
});
