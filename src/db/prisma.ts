/**
 * The application's Prisma client: the Rust-free client over node-postgres
 * (@prisma/adapter-pg), with a bounded pool, an acquire timeout and a statement timeout
 * (pg's defaults are an unbounded wait and no timeout at all).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type { Config } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import type { Logger } from '../shared/logger';

export type Db = PrismaClient;

export function createPrismaClient(url: string, db: Config['db'], logger: Logger): PrismaClient {
  const adapter = new PrismaPg(
    {
      connectionString: url,
      max: db.poolMax,
      connectionTimeoutMillis: db.connectionTimeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: db.statementTimeoutMs,
      application_name: 'campus-api',
    },
    {
      // A lost connection must not crash the process; queries fail and the pool reconnects.
      onPoolError: (error) => logger.error({ err: error }, 'database pool error'),
      onConnectionError: (error) => logger.error({ err: error }, 'database connection error'),
    },
  );
  return new PrismaClient({ adapter });
}
