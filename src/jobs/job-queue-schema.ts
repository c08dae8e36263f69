/**
 * The job queue's schema (`graphile_worker`), kept by graphile-worker's own versioned
 * migrations. Separate from job-queue.ts so that tools which must not load the Prisma client
 * (the test setup) can install it.
 */
import { Logger as WorkerLogger, runMigrations } from 'graphile-worker';
import type { Logger } from '../shared/logger';

/** graphile-worker's log lines, through the application's pino logger. */
export function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    const line = { jobQueue: true, ...(meta ?? {}) };
    if (level === 'error') logger.error(line, message);
    else if (level === 'warning') logger.warn(line, message);
    else if (level === 'info') logger.info(line, message);
    else logger.debug(line, message);
  });
}

/** Installs or upgrades the queue's schema (idempotent; safe when several processes race). */
export async function migrateJobQueue(databaseUrl: string, logger?: Logger): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, ...(logger ? { logger: workerLogger(logger) } : {}) });
}

