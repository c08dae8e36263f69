/**
 * Applies the committed migrations (prisma/migrations/<name>/migration.sql) at start-up,
 * without the Prisma CLI: its schema engine is a dev tool (docs/platform.md), and the
 * server must not need it to boot.
 *
 * Bookkeeping is Prisma's own `_prisma_migrations` table (name + SHA-256 of the SQL file),
 * so `prisma migrate status|dev|deploy` agree with what this runner applied and vice versa.
 * A PostgreSQL advisory lock serialises instances that start at the same time.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../shared/logger';
import type { Db } from './prisma';
import { projectFile } from '../shared/project-files';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Arbitrary constant: the advisory-lock key shared by every instance of this app. */
const MIGRATION_LOCK_KEY = 72_707_369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** The committed migrations in the order Prisma applies them (by folder name). */
export async function readMigrations(dir = projectFile(path.join('prisma', 'migrations'))): Promise<Migration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

async function appliedMigrations(client: pg.ClientBase): Promise<AppliedRow[]> {
  const result = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
  );
  return result.rows;
}

/**
 * Applies every pending migration, each in its own transaction.
 * @returns the names of the migrations applied now.
 * @throws MigrationError when a migration failed earlier, was edited after being applied,
 *   or fails now (its transaction is rolled back and the server does not start).
 */
export async function applyMigrations(databaseUrl: string, logger?: Logger, migrations?: Migration[]): Promise<string[]> {
  const local = migrations ?? (await readMigrations());
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'campus-api-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = new Map((await appliedMigrations(client)).map((row) => [row.migration_name, row]));

    for (const row of applied.values()) {
      if (!row.finished_at) {
        throw new MigrationError(
          `Migration ${row.migration_name} failed earlier and is marked unfinished. Fix the database, then run \`npx prisma migrate resolve\`.`,
        );
      }
    }
    const appliedNow: string[] = [];
    for (const migration of local) {
      const row = applied.get(migration.name);
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was edited after it was applied. Restore the file or reset the database.`);
        }
        continue;
      }
      await applyOne(client, migration);
      appliedNow.push(migration.name);
      logger?.info({ migration: migration.name }, 'applied migration');
    }
    return appliedNow;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: pg.ClientBase, migration: Migration): Promise<void> {
  try {
    await client.query('BEGIN');
    // Without parameters pg uses the simple query protocol, which runs a multi-statement script.
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The migrations recorded as applied; none when the bookkeeping table does not exist yet.
 * For the readiness check, on the application's client (the runner above uses its own connection).
 */
export async function appliedMigrationNames(db: Db): Promise<string[]> {
  const [{ present }] = await db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`;
  if (!present) return [];
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return rows.map((row) => row.migration_name);
}

/** Names of committed migrations that are not among `appliedNames`. */
export function pendingMigrations(appliedNames: readonly string[], local: readonly Migration[]): string[] {
  const applied = new Set(appliedNames);
  return local.map((m) => m.name).filter((name) => !applied.has(name));
}
