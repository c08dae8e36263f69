/**
 * The durable job queue: graphile-worker on the application's PostgreSQL (schema
 * `graphile_worker`, installed and upgraded by graphile-worker's own versioned migrations:
 * main.ts runs them after ours, and a starting worker runs any that are missing). Why
 * graphile-worker: docs/verification.md.
 *
 * - `enqueue` adds a job with one SQL statement on the caller's client, so a job can be
 *   part of the transaction that needs it.
 * - `startJobWorker` runs the tasks in this process (LISTEN/NOTIFY picks a new job up at
 *   once); a task that throws is retried with exponential backoff up to its max attempts,
 *   and every instance may run a worker: each job is taken by one.
 */
import { run, type Runner, type Task } from 'graphile-worker';
import type { Db } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import type { Logger } from '../shared/logger';
import { workerLogger } from './job-queue-schema';
import { addJobStatement } from './jobs.sql';

/** A task's handler: receives the JSON payload it was enqueued with. Throwing means "retry". */
export type JobHandler = (payload: unknown) => Promise<void>;

export class JobQueue {
  constructor(private readonly maxAttempts: number) {}

  /** Adds a job on `client` (the app's Prisma client or an open transaction). */
  async enqueue(client: Db | Prisma.TransactionClient, task: string, payload: Record<string, unknown>): Promise<void> {
    await client.$queryRaw(addJobStatement(task, payload, this.maxAttempts));
  }
}

export interface JobWorker {
  /** Stops taking jobs and waits for the running ones (and for a start in progress). */
  stop(): Promise<void>;
}

/** How long to wait before trying again to start a worker that could not reach the database. */
const START_RETRY_MS = 5000;

/**
 * Runs `handlers` in this process until `stop()`; a job in progress is allowed to finish.
 * Returns at once: the worker starts in the background and, when the database cannot be
 * reached yet, keeps trying every few seconds, so that the API still starts (and reports
 * itself not ready) while the database is down, as it does without the queue.
 */
export function startJobWorker(
  databaseUrl: string,
  handlers: Record<string, JobHandler>,
  options: { concurrency: number; logger: Logger },
): JobWorker {
  const taskList: Record<string, Task> = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [name, (payload: unknown) => handler(payload)]),
  );
  let runner: Runner | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let starting: Promise<void> = Promise.resolve();
  const attempt = () => {
    starting = run({
      connectionString: databaseUrl,
      concurrency: options.concurrency,
      // The pool: one connection per concurrent job, plus the LISTEN connection.
      maxPoolSize: options.concurrency + 2,
      noHandleSignals: true,
      pollInterval: 2000,
      taskList,
      logger: workerLogger(options.logger),
    }).then(
      async (started) => {
        if (stopped) await started.stop();
        else runner = started;
      },
      (error: unknown) => {
        if (stopped) return;
        options.logger.warn({ err: error }, `the job worker could not start; trying again in ${START_RETRY_MS / 1000} s`);
        retry = setTimeout(attempt, START_RETRY_MS);
        retry.unref();
      },
    );
  };
  attempt();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await starting;
      await runner?.stop();
    },
  };
}
