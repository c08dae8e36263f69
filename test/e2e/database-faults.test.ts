/**
 * The database failing under the server (docs/security.md I2, I3, scenario 9): per-connection lock
 * and idle-in-transaction timeouts; connections terminated by PostgreSQL; the whole database
 * unreachable (a TCP proxy the test cuts), answered fast with masked errors and /ready 503;
 * and service coming back by itself once the database returns.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signUp, type TestAccount } from '../helpers/accounts';
import { createBoard, member } from '../helpers/community';
import { createSchool } from '../helpers/factories';
import { exec, post, type HttpResult } from '../helpers/graphql';
import { TcpProxy } from '../helpers/tcp-proxy';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { workerDatabaseUrl } from '../setup/test-database';

const LEAKS = /stack|prisma|P20\d\d|constraint|relation "|SELECT |at \/|node_modules|ECONN|terminat|127\.0\.0\.1/i;
const UPDATE_PROFILE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { nickname } }';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await fn();
  return { result, ms: Date.now() - started };
}

/** An outage is not a defect: 503 with Retry-After and SERVICE_UNAVAILABLE, nothing leaked. */
function expectUnavailable(response: HttpResult<unknown>): void {
  expect({ status: response.status, retryAfter: response.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' });
  expect(response.errors?.length).toBeGreaterThan(0);
  for (const error of response.errors ?? []) {
    expect({ message: error.message, code: error.extensions?.code, retryAfterSeconds: error.extensions?.retryAfterSeconds, requestId: error.extensions?.requestId }).toEqual({
      message: 'Service temporarily unavailable, retry later',
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: 5,
      requestId: response.headers.get('x-request-id'),
    });
  }
  expect(response.text).not.toMatch(LEAKS);
}

describe('per-connection timeouts', () => {
  const IDLE_MS = 250;
  /** lock_timeout 300 ms. */
  let app: TestApp;
  /** idle_in_transaction_session_timeout 250 ms, on a pool of 2 (kept apart: set-up work in a transaction can stall that long). */
  let idleApp: TestApp;
  let account: TestAccount;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ DATABASE_LOCK_TIMEOUT_MS: '300' }));
    idleApp = await createTestApp(
      testConfig({ DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: String(IDLE_MS), DATABASE_POOL_MAX: '2', DATABASE_CONNECTION_TIMEOUT_MS: '1000' }),
    );
    account = await signUp(app);
  });
  afterAll(async () => {
    await app.stop();
    await idleApp.stop();
  });

  it('are set on the application’s connections, next to statement_timeout', async () => {
    const settingsOf = (db: TestApp['db']) => db.$queryRaw<{ statement: string; lock: string; idle: string }[]>`
      SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
             current_setting('idle_in_transaction_session_timeout') AS idle`;

    expect(await settingsOf(app.db)).toEqual([{ statement: '10s', lock: '300ms', idle: '10s' }]);
    expect(await settingsOf(idleApp.db)).toEqual([{ statement: '10s', lock: '5s', idle: '250ms' }]);
  });

  it('make a write that waits for a row lock fail fast with a masked error and write nothing', async () => {
    const locker = new pg.Client({ connectionString: workerDatabaseUrl() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [account.id]);

      const { result, ms } = await timed(() => exec(app, UPDATE_PROFILE, { input: { nickname: '잠김' } }, { token: account.accessToken }));

      expect(result.expectError('INTERNAL_SERVER_ERROR').message).toBe('Internal server error');
      // Without lock_timeout it would wait for statement_timeout (10 s).
      expect(ms).toBeLessThan(2000);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await app.db.user.findUniqueOrThrow({ where: { id: account.id } })).nickname).not.toBe('잠김');
  });

  it('end a transaction left idle, without losing its pool slot (pool of 2, three such transactions)', async () => {
    for (let i = 0; i < 3; i++) {
      const abandoned = idleApp.db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await sleep(IDLE_MS * 2);
        await tx.$queryRaw`SELECT 1`;
      });
      await expect(abandoned).rejects.toThrow();
    }

    // A leaked slot per transaction would leave none, and this would time out.
    expect(await idleApp.db.$queryRaw`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });
});

describe('connections terminated by PostgreSQL', () => {
  let app: TestApp;
  let baseUrl: string;
  let admin: pg.Client;
  beforeAll(async () => {
    app = await createTestApp();
    baseUrl = await app.listen();
    admin = new pg.Client({ connectionString: workerDatabaseUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await app.stop();
  });

  it('leave the process up, and the next requests are served on new connections', async () => {
    const school = await createSchool(app.db);
    const query = 'query($id: ID!) { school(id: $id) { id } }';
    for (let i = 0; i < 3; i++) (await post(baseUrl, query, { id: school.id })).expectData();

    const terminated = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'campus-api' AND datname = current_database()",
    );
    await sleep(100);
    const after = [];
    for (let i = 0; i < 3; i++) after.push(await post(baseUrl, query, { id: school.id }));

    expect(terminated.rowCount).toBeGreaterThan(0);
    for (const response of after) expect(response.expectData()).toEqual({ school: { id: school.id } });
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
  });
});

describe('database unreachable, then back', () => {
  const CONNECTION_TIMEOUT_MS = 1000;
  const POOL_MAX = 4;
  let proxy: TcpProxy;
  let app: TestApp;
  let baseUrl: string;
  let account: TestAccount;
  let schoolId: string;
  let postId: string;
  beforeAll(async () => {
    const target = new URL(workerDatabaseUrl());
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(target.toString());
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    app = await createTestApp(
      testConfig({ DATABASE_URL: proxied.toString(), DATABASE_POOL_MAX: String(POOL_MAX), DATABASE_CONNECTION_TIMEOUT_MS: String(CONNECTION_TIMEOUT_MS) }),
    );
    baseUrl = await app.listen();
    schoolId = (await createSchool(app.db)).id;
    account = await member(app, schoolId);
    const author = await member(app, schoolId);
    const board = await createBoard(app.db, { schoolId });
    postId = (await app.db.post.create({ data: { boardId: board.id, authorId: author.id, title: '글', content: '본문', isAnonymous: false } })).id;
  });
  afterAll(async () => {
    await app.stop();
    await proxy.close();
  });

  const schoolQuery = () => post(baseUrl, 'query($id: ID!) { school(id: $id) { id } }', { id: schoolId });
  const meQuery = () => post(baseUrl, '{ me { id } }', {}, { authorization: `Bearer ${account.accessToken}` });
  const scrap = () => post(baseUrl, 'mutation($id: ID!) { scrapPost(id: $id) { id } }', { id: postId }, { authorization: `Bearer ${account.accessToken}` });

  it('fails fast with 503 SERVICE_UNAVAILABLE (Retry-After) and /ready 503 while cut, and recovers by itself after', async () => {
    (await schoolQuery()).expectData();
    (await meQuery()).expectData();
    expect(proxy.connections).toBeGreaterThan(0);

    // Transactions in flight when the database goes, one per pooled connection: each waits
    // inside its transaction on a table lock taken directly (not through the proxy).
    const locker = new pg.Client({ connectionString: workerDatabaseUrl() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE post_scraps IN ACCESS EXCLUSIVE MODE');
    const inFlight = Array.from({ length: POOL_MAX }, () => timed(scrap));
    await sleep(500);
    await proxy.cut();
    const interrupted = await Promise.all(inFlight);
    await locker.query('ROLLBACK');
    await locker.end();

    const during = [];
    for (let i = 0; i < 3; i++) during.push(await timed(schoolQuery), await timed(meQuery));
    const ready = await timed(() => fetch(`${baseUrl}/ready`));
    const health = await fetch(`${baseUrl}/health`);

    for (const { result, ms } of interrupted) {
      expectUnavailable(result);
      expect(ms).toBeLessThan(500 + CONNECTION_TIMEOUT_MS + 1000);
    }
    for (const { result, ms } of during) {
      expectUnavailable(result);
      expect(result.data?.school ?? null).toBeNull();
      expect(ms).toBeLessThan(CONNECTION_TIMEOUT_MS + 1000);
    }
    expect([ready.result.status, await ready.result.json()]).toEqual([503, { status: 'database unavailable' }]);
    expect(ready.ms).toBeLessThan(2500);
    expect(health.status).toBe(200);

    await proxy.restore();
    const restoredAt = Date.now();
    let recovered: HttpResult<Record<string, any>> | undefined;
    while (Date.now() - restoredAt < 5000) {
      const attempt = await schoolQuery();
      if (!attempt.errors) {
        recovered = attempt;
        break;
      }
      expectUnavailable(attempt);
      await sleep(100);
    }

    // Every pool slot is usable again: none was lost with the interrupted transactions.
    expect(recovered?.data).toEqual({ school: { id: schoolId } });
    const parallel = await Promise.all(Array.from({ length: POOL_MAX + 1 }, () => meQuery()));
    for (const response of parallel) expect(response.expectData()).toEqual({ me: { id: account.id } });
    expect((await scrap()).expectData()).toEqual({ scrapPost: { id: postId } });
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
    const warned = app.logs.filter((line) => line.msg === 'database unavailable while handling a GraphQL request');
    expect(warned.length).toBeGreaterThanOrEqual(during.length / 2);
    expect(app.logs.filter((line) => line.msg === 'internal error while handling a GraphQL request')).toEqual([]);
  });
});
