/**
 * The application's Prisma client: the Rust-free client over node-postgres
 * (@prisma/adapter-pg), with a bounded pool, an acquire timeout, and statement, lock and
 * idle-in-transaction timeouts (pg's defaults are an unbounded wait and no timeout at all).
 */
import { AsyncResource } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Config } from '../config';
import { countSqlStatement } from '../shared/request-context';
import { PrismaClient, type Prisma } from '../generated/prisma/client';
import type { Logger } from '../shared/logger';
import { FAST_TYPES } from './timestamps';

export type Db = PrismaClient;

/**
 * Gives a checked-out client back to the pool (as broken) as soon as its connection ends.
 *
 * Prisma 6.19's transaction manager sends ROLLBACK (or COMMIT) through the transaction's
 * client and releases the client only if that statement succeeds; when the connection died
 * mid-transaction (database restart, network cut, idle_in_transaction_session_timeout) the
 * client was never released, so each such transaction took a pool slot for good, and
 * `$disconnect()` waited forever. A release after that is ignored (pg-pool would throw).
 */
function releaseWhenLost(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const lost = () => {
    if (released) return;
    released = true;
    release(new Error('connection ended while checked out'));
  };
  client.once('end', lost);
  client.release = (error?: Error | boolean) => {
    client.removeListener('end', lost);
    if (released) return;
    released = true;
    release(error);
  };
  return client;
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** A pg pool whose checked-out clients cannot leak when their connection is lost (see releaseWhenLost). */
class LosslessPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    // pool.query checks clients out with a callback, Prisma's transactions with the promise.
    // A callback that waited for a free client would run in the async context of whoever
    // released that client (another request, or the outbox's background work), so the
    // statement it sends would be counted there: bind it to the caller's context.
    if (callback) {
      return super.connect(AsyncResource.bind((error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => {
        if (error || !client) return callback(error, client, done);
        const guarded = releaseWhenLost(client);
        callback(undefined, guarded, guarded.release as (release?: unknown) => void);
      }));
    }
    return super.connect().then(releaseWhenLost);
  }
}

/**
 * A pg pool that counts every statement it sends against the current request (the
 * performance rule: statements per request depend on the query's shape, not its rows).
 * Statements inside transactions go through checked-out clients, counted the same way.
 */
function countingPool(config: pg.PoolConfig): pg.Pool {
  const pool = new LosslessPool(config);
  const count = <T extends { query: (...args: never[]) => unknown }>(target: T): T => {
    const query = target.query.bind(target) as (...args: unknown[]) => unknown;
    target.query = ((...args: unknown[]) => {
      countSqlStatement();
      return query(...args);
    }) as T['query'];
    return target;
  };
  // pool.query runs through a checked-out client too, so counting clients counts everything once.
  pool.on('connect', (client) => {
    count(client);
  });
  return pool;
}

export function createPrismaClient(url: string, db: Config['db'], logger: Logger): PrismaClient {
  const pool = countingPool({
    connectionString: url,
    max: db.poolMax,
    connectionTimeoutMillis: db.connectionTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: db.statementTimeoutMs,
    // No JIT: this pool sends short OLTP statements, for which compiling (tens of ms of
    // backend CPU) never pays; the fast path's one-statement pages cross jit_above_cost's
    // estimate on large tables while running in a few milliseconds.
    options: '-c jit=off',
    // Sent as startup parameters, so every pooled connection has them from its first statement.
    lock_timeout: db.lockTimeoutMs,
    idle_in_transaction_session_timeout: db.idleInTransactionTimeoutMs,
    application_name: 'campus-api',
  });
  const adapter = new PrismaPg(
    pool,
    {
      disposeExternalPool: true,
      // A lost connection must not crash the process; queries fail and the pool reconnects.
      onPoolError: (error) => logger.error({ err: error }, 'database pool error'),
      onConnectionError: (error) => logger.error({ err: error }, 'database connection error'),
    },
  );
  const client = new PrismaClient({ adapter });
  directPools.set(client, pool);
  return client;
}

/** The pool under each client made by createPrismaClient. */
const directPools = new WeakMap<object, pg.Pool>();

/**
 * Rows of one read-only SQL statement, for the hot list queries (pages of posts, comments,
 * tasks) and the session check, sent straight to the application's pg pool: `$queryRaw`
 * costs about as much CPU again as the query itself (the WASM query planner, then
 * re-decoding every value), which on a board page of 200 comments was a sixth of the
 * request. Not for transactions: a transaction's statements go through its `tx`. Values are
 * decoded by pg's defaults (timestamptz by a faster reader, timestamps.ts): timestamptz →
 * Date, int4 → number, booleans, text[] → string[] (never select int8 or numeric here: pg
 * returns them as strings). Counted like any other statement, since the pool counts every
 * statement it sends.
 */
export async function queryRows<T>(db: Db, statement: Prisma.Sql, options: { preparedAs?: string } = {}): Promise<T[]> {
  const pool = directPools.get(db);
  if (!pool) throw new Error('queryRows needs a client made by createPrismaClient');
  // A name makes pg prepare the statement once per connection and reuse its plan (see preparedName).
  const result = await pool.query({ name: options.preparedAs, text: statement.text, values: statement.values as unknown[], types: FAST_TYPES });
  return result.rows as T[];
}
