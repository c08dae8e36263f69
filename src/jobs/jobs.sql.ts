/**
 * The job queue's one statement on the request path: graphile-worker's `add_job`, run on the
 * caller's connection so that a job is enqueued in the same transaction as the rows it
 * depends on (committed together, or not at all).
 */
import { Prisma } from '../generated/prisma/client';

/** The queue's schema, installed by graphile-worker's own migrations (src/jobs/job-queue.ts). */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

export function addJobStatement(task: string, payload: Record<string, unknown>, maxAttempts: number): Prisma.Sql {
  return Prisma.sql`SELECT 1 AS queued FROM graphile_worker.add_job(${task}, ${JSON.stringify(payload)}::json, max_attempts => ${maxAttempts}::int)`;
}
