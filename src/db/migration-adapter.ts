/**
 * The driver-adapter factory the Prisma 6.19 CLI uses (through prisma.config.ts) to run
 * `migrate dev|deploy|status|diff|reset` on the JS/WASM schema engine: offline, with no
 * native schema-engine download.
 *
 * It delegates to `PrismaPg` and works around defects of @prisma/adapter-pg 6.19 and the
 * WASM engine (see docs/platform.md). Each fix names the defect so that it can be dropped
 * once Prisma ships the fix. The application itself never uses this module; it builds a
 * plain `PrismaPg` in src/db/prisma.ts.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

const PG_CHAR_OID = 18; // "char", e.g. pg_constraint.contype
const PG_NAME_OID = 19; // name, e.g. pg_class.relname
const PG_TEXT_OID = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character
const COLUMN_TYPE_TEXT = 7; // ColumnTypeEnum.Text

type QueryResultLike = { fields: { dataTypeID: number }[]; rows: unknown[] };
type Queryable = {
  performIO(query: SqlQuery): Promise<QueryResultLike>;
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
};

/** Discrete connection settings: see fix 2 for why a connection string is not enough. */
export function connectionSettings(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined,
  };
}

/**
 * Fixes 1 and 4: the adapter throws "could not be deserialized" on catalog columns of
 * type "char" (OID 18) and name (OID 19), and the schema engine crashes (wasm
 * `unreachable`) unless "char" columns are typed as Character. Report name as text and
 * "char" as Character.
 */
function patchCatalogColumnTypes<T extends object>(queryable: T): T {
  const target = queryable as unknown as Queryable;
  const performIO = target.performIO.bind(target);
  const queryRaw = target.queryRaw.bind(target);
  const charColumnsByRows = new WeakMap<unknown[], number[]>();

  target.performIO = async (query) => {
    const result = await performIO(query);
    // A multi-statement script (simple protocol) yields one result per statement; only
    // single-result queries carry column types to fix.
    if (Array.isArray(result)) return result;
    const charColumns: number[] = [];
    result.fields = result.fields.map((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) charColumns.push(index);
      if (field.dataTypeID !== PG_CHAR_OID && field.dataTypeID !== PG_NAME_OID) return field;
      return { ...field, dataTypeID: PG_TEXT_OID };
    });
    if (charColumns.length > 0) charColumnsByRows.set(result.rows, charColumns);
    return result;
  };
  target.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumnsByRows.get(resultSet.rows) ?? []) {
      if (resultSet.columnTypes[index] === COLUMN_TYPE_TEXT) {
        (resultSet.columnTypes as number[])[index] = COLUMN_TYPE_CHARACTER;
      }
    }
    return resultSet;
  };
  return queryable;
}

function patchAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  patchCatalogColumnTypes(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    patchCatalogColumnTypes<Transaction>(await startTransaction(isolationLevel));
  return adapter;
}

/** Builds the factory for a PostgreSQL URL. */
export function createMigrationAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  // Fix 5: without allowExitOnIdle every CLI command lingers ~10 s on idle pool clients.
  const settings: pg.PoolConfig = { ...connectionSettings(url), allowExitOnIdle: true, max: 4 };
  const main = new PrismaPg(settings);

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async connect() {
      return patchAdapter(await main.connect());
    },
    async connectToShadowDb() {
      // Fix 2: PrismaPg spreads `{ connectionString }` and adds `database`, but pg lets the
      // connection string win, so its "shadow" database is the main one. Use discrete settings.
      const database = `prisma_shadow_${crypto.randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Pool({ ...settings, max: 1 });
      await admin.query(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg({ ...settings, database }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        // Fix 3: PrismaPg drops the database before closing its pool ("database is being
        // accessed by other users"). Close the pool first, then force the drop.
        await dispose();
        try {
          await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      };
      return patchAdapter(shadow);
    },
  };
}

/**
 * Fix 6: the WASM engine leaves 10 s and 60 s timers pending, so `migrate dev` lingers
 * ~60 s after finishing. Unref long timers so the CLI process exits when its work is done.
 * Only for the CLI process (prisma.config.ts); never call this in the server.
 */
export function unrefLongTimers(thresholdMs = 5_000): void {
  const original = globalThis.setTimeout;
  const patched = ((handler: (...a: unknown[]) => void, timeout?: number, ...args: unknown[]) => {
    const timer = original(handler, timeout, ...args);
    if ((timeout ?? 0) >= thresholdMs) timer.unref();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(patched, original);
}
