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
  stop(): Promise<void>;
}

/** Runs `handlers` in this process until `stop()`; a job in progress is allowed to finish. */
export async function startJobWorker(
  databaseUrl: string,
  handlers: Record<string, JobHandler>,
  options: { concurrency: number; logger: Logger },
): Promise<JobWorker> {
  const taskList: Record<string, Task> = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [name, (payload: unknown) => handler(payload)]),
  );
  const runner: Runner = await run({
    connectionString: databaseUrl,
    concurrency: options.concurrency,
    // The pool: one connection per concurrent job, plus the LISTEN connection.
    maxPoolSize: options.concurrency + 2,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList,
    logger: workerLogger(options.logger),
  });
  return { stop: () => runner.stop() };
}
