/**
 * What every operator script (`user:role`, `school:add`, `lectures:import`) shares: the
 * configured database (the embedded one when DATABASE_URL is unset, reusing a running
 * server's), one line of output on success, and one line (never a stack trace) on failure.
 */
import { loadConfigFromProcess } from '../config';
import { resolveDatabase } from '../db/database';
import { createPrismaClient, type Db } from '../db/prisma';
import { createLogger } from '../shared/logger';

/** A problem the operator can fix; printed as is, without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs `work` with a database client, then closes the client and any database it started. */
export async function withOperatorDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfigFromProcess();
  const logger = createLogger(config.log.level === 'silent' ? 'silent' : 'warn', undefined, { pretty: process.stdout.isTTY });
  const database = await resolveDatabase(config, logger, { reuseRunning: true });
  try {
    const db = createPrismaClient(database.url, config.db, logger);
    try {
      return await work(db);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
}

/**
 * Runs a script's `main` and exits: its line on stdout and code 0, or on stderr the message
 * (`describe` may word known errors) and code 1.
 */
export function runOperatorScript(name: string, main: (args: string[]) => Promise<string>, describe: (error: Error) => string | undefined = () => undefined): void {
  main(process.argv.slice(2)).then(
    (line) => {
      process.stdout.write(`${line}\n`);
      process.exit(0);
    },
    (error: Error) => {
      const message = describe(error) ?? (error instanceof UsageError ? error.message : `${name} failed: ${error.message}`);
      process.stderr.write(`${message}\n`);
      process.exit(1);
    },
  );
}
