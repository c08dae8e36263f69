/**
 * Pool exhaustion under lock contention (docs/security.md I3, scenario 9c): a row held by
 * `SELECT … FOR UPDATE` from outside the app, and thirty concurrent `updateTask` on it
 * against a pool of three. The lock, statement and pool-acquire timeouts must end every
 * request (with a masked error) instead of letting them queue forever; the pool must never
 * grow past its maximum nor leave a transaction open; and once the lock goes, the next
 * update goes through. Counts are asserted, never durations (the Jest timeout is the
 * generous bound on "every request finishes").
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signUp, type TestAccount } from '../helpers/accounts';
import { post, type HttpResult } from '../helpers/graphql';
import { createProject, createTask } from '../helpers/projects';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { workerDatabaseUrl } from '../setup/test-database';

const POOL_MAX = 3;
const REQUESTS = 30;
const LEAKS = /stack|prisma|P20\d\d|constraint|relation "|SELECT |UPDATE |lock|timeout|at \/|node_modules/i;
const UPDATE_TASK = 'mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id title } }';
const TASK = 'query Task($id: ID!) { task(id: $id) { id title } }';

interface Activity {
  connections: number;
  idleInTransaction: number;
}

/** The app's connections to this database, as PostgreSQL sees them. */
async function appActivity(client: pg.Client): Promise<Activity> {
  const { rows } = await client.query<Activity>(
    `SELECT count(*)::int AS connections, (count(*) FILTER (WHERE state = 'idle in transaction'))::int AS "idleInTransaction"
     FROM pg_stat_activity WHERE application_name = 'campus-api' AND datname = current_database()`,
  );
  return rows[0];
}

describe(`a row lock held outside the app, ${REQUESTS} concurrent updates, pool of ${POOL_MAX}`, () => {
  let app: TestApp;
  let baseUrl: string;
  let owner: TestAccount;
  let taskId: string;
  let monitor: pg.Client;
  beforeAll(async () => {
    app = await createTestApp(
      testConfig({
        DATABASE_POOL_MAX: String(POOL_MAX),
        DATABASE_LOCK_TIMEOUT_MS: '300',
        DATABASE_STATEMENT_TIMEOUT_MS: '2000',
        DATABASE_CONNECTION_TIMEOUT_MS: '1000',
        DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '2000',
        // The session check of each request is served from the cache: the storm is about the
        // transactions, not about thirty identical session reads.
        AUTH_SESSION_CACHE_MS: '10000',
      }),
    );
    baseUrl = await app.listen();
    owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    taskId = (await createTask(app, owner.accessToken, { projectId: project.id, title: '원래 제목' })).id;
    monitor = new pg.Client({ connectionString: workerDatabaseUrl(), application_name: 'pool-exhaustion-monitor' });
    await monitor.connect();
  });
  afterAll(async () => {
    await monitor.end();
    await app.stop();
  });

  const update = (title: string) => post(baseUrl, UPDATE_TASK, { id: taskId, input: { title } }, { authorization: `Bearer ${owner.accessToken}` });

  it('ends every request with a masked error (503 for those that got no connection), stays within the pool, and serves the next update once the lock is gone', async () => {
    // Warm the session cache and the pool.
    (await post(baseUrl, TASK, { id: taskId }, { authorization: `Bearer ${owner.accessToken}` })).expectData();

    const locker = new pg.Client({ connectionString: workerDatabaseUrl(), application_name: 'pool-exhaustion-locker' });
    await locker.connect();
    let responses: HttpResult<Record<string, any>>[];
    const samples: Activity[] = [];
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM tasks WHERE id = $1 FOR UPDATE', [taskId]);

      let storming = true;
      const sampling = (async () => {
        while (storming) {
          samples.push(await appActivity(monitor));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      responses = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => update(`변경 ${i}`)));
      storming = false;
      await sampling;

      // Nothing got through while the row was locked.
      expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).title).toBe('원래 제목');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }

    const after = await update('잠금 해제 후');
    const settled = await appActivity(monitor);

    expect(responses).toHaveLength(REQUESTS);
    // A request that waited for a row lock fails as a fault of the server (lock_timeout); one
    // that got no pooled connection in time is told to back off: 503 SERVICE_UNAVAILABLE.
    const masked = {
      INTERNAL_SERVER_ERROR: { status: 200, message: 'Internal server error', retryAfter: null },
      SERVICE_UNAVAILABLE: { status: 503, message: 'Service temporarily unavailable, retry later', retryAfter: '5' },
    } as const;
    for (const response of responses) {
      const [error, ...others] = response.errors ?? [];
      const code = String(error?.extensions?.code) as keyof typeof masked;
      expect(Object.keys(masked)).toContain(code);
      expect({ others, status: response.status, message: error?.message, retryAfter: response.headers.get('retry-after'), requestId: error?.extensions?.requestId }).toEqual({
        others: [],
        ...masked[code],
        requestId: response.headers.get('x-request-id'),
      });
      expect(response.text).not.toMatch(LEAKS);
    }
    expect(new Set(responses.map((r) => r.errors?.[0]?.extensions?.code))).toEqual(new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']));
    expect(samples.length).toBeGreaterThan(0);
    expect(Math.max(...samples.map((s) => s.connections))).toBeLessThanOrEqual(POOL_MAX);
    expect(after.expectData()).toEqual({ updateTask: { id: taskId, title: '잠금 해제 후' } });
    expect(settled.connections).toBeLessThanOrEqual(POOL_MAX);
    expect(settled.idleInTransaction).toBe(0);
    // Every failure is in the server log with its cause: both budgets acted, the lock timeout
    // for the requests that held a connection, the pool's acquire timeout for those queued.
    const causes = app.logs
      .filter((line) => line.msg === 'internal error while handling a GraphQL request' || line.msg === 'database unavailable while handling a GraphQL request')
      .map((line) => String((line.err as { message?: unknown } | undefined)?.message ?? ''));
    expect(causes.length).toBeGreaterThanOrEqual(REQUESTS);
    expect(causes.filter((cause) => /lock timeout|55P03/.test(cause)).length).toBeGreaterThan(0);
    expect(causes.filter((cause) => /timeout exceeded when trying to connect/.test(cause)).length).toBeGreaterThan(0);
  }, 60_000);
});
