/**
 * Where the test databases live, shared by global setup/teardown and the workers.
 *
 * With DATABASE_URL set, tests create their own databases on that server (never touching
 * the one named in the URL); without it, global setup starts an embedded PostgreSQL.
 * Global setup writes the server's admin URL and a run prefix into the environment, which
 * Jest workers inherit.
 */
export const ENV_ADMIN_URL = 'CAMPUS_TEST_ADMIN_URL';
export const ENV_PREFIX = 'CAMPUS_TEST_DB_PREFIX';

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function templateName(prefix: string): string {
  return `${prefix}_template`;
}

export function workerDatabaseName(prefix: string, workerId: string | number): string {
  return `${prefix}_w${workerId}`;
}

/** The URL of this Jest worker's own database. */
export function workerDatabaseUrl(): string {
  const adminUrl = process.env[ENV_ADMIN_URL];
  const prefix = process.env[ENV_PREFIX];
  if (!adminUrl || !prefix) throw new Error('Test database not prepared: run the tests through Jest (global-setup.ts).');
  return databaseUrl(adminUrl, workerDatabaseName(prefix, process.env.JEST_WORKER_ID ?? '1'));
}
