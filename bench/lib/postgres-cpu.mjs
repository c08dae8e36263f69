/**
 * CPU of the API's PostgreSQL backends: the server processes whose `application_name` is the
 * API's (src/db/prisma.ts sets it on every pooled connection), read from /proc/<pid>/stat.
 * Works when PostgreSQL runs on this machine (the embedded one, or the CI server here);
 * elsewhere every reading is null and the report says so.
 */
import pg from 'pg';
import { processCpuMs } from './process.mjs';

export const API_APPLICATION_NAME = 'campus-api';

/** Opens one monitoring connection (its own backend is not the API's, so it is not counted). */
export async function openBackendMonitor(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'campus-bench-monitor' });
  await client.connect();
  return {
    /** pid → CPU ms of every live API backend, or null where /proc cannot be read. */
    async snapshot() {
      const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [API_APPLICATION_NAME]);
      const cpu = new Map();
      for (const { pid } of rows) {
        const ms = processCpuMs(pid);
        if (ms === null) return null;
        cpu.set(pid, ms);
      }
      return cpu;
    },
    close: () => client.end(),
  };
}

/**
 * CPU the API's backends spent between two snapshots. A backend that appeared in between
 * counts whole; one that ended in between is lost (the pool keeps its connections while a
 * round runs: idle ones close after 30 s).
 */
export function backendCpuDeltaMs(before, after) {
  if (!before || !after) return null;
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}
