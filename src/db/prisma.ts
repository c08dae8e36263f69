/**
 * The application's Prisma client: the Rust-free client over node-postgres
 * (@prisma/adapter-pg), with a bounded pool, an acquire timeout and a statement timeout
 * (pg's defaults are an unbounded wait and no timeout at all).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Config } from '../config';
import { countSqlStatement } from '../shared/request-context';
import { PrismaClient } from '../generated/prisma/client';
import type { Logger } from '../shared/logger';

export type Db = PrismaClient;

/**
 * A pg pool that counts every statement it sends against the current request (the
 * performance rule: statements per request depend on the query's shape, not its rows).
 * Statements inside transactions go through checked-out clients, counted the same way.
 */
function countingPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
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
  return new PrismaClient({ adapter });
}
