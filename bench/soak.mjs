#!/usr/bin/env node
/**
 * Soak: `npm run bench:soak` (builds first; this file imports the compiled project from
 * dist/). docs/security.md I7 and scenario 10, second half: a long run at a moderate fixed rate
 * that would show leaks (memory, connections, transactions left open) and stalls.
 *
 * A fresh database `campus_soak` (on DATABASE_URL's server, else on an embedded PostgreSQL in
 * .data/soak; never the suite's `campus_bench`, so the two can run on one server), migrated
 * and seeded as the suite's scale 1; then `node dist/src/main.js` in production mode, and
 * autocannon at BENCH_SOAK_RATE requests/s overall (default 20) over 10 connections for
 * BENCH_SOAK_SECONDS (default 300): a warm-up (a fifth of the run, 10-60 s), then the
 * measured part. The mix, per 20 requests:
 *   6 `me`, 4 board pages, 2 projects with tasks (reads, 60 %);
 *   2 createComment, 1 likePost + 1 unlikePost, 1 sendMessage with a new idempotency key +
 *   1 retry of it, 1 updateTask, 1 createPost with a new key (writes, 40 %).
 * Every 10 s it samples the server's RSS, its V8 heap (read from bench/lib/heap-probe.cjs,
 * preloaded through NODE_OPTIONS) and the app's connections in pg_stat_activity (those also
 * every second, for the maximum). It reports non-2xx and GraphQL errors by operation,
 * p50/p99 of the measured part, RSS and heap growth after the warm-up (the median of the
 * last third of the measured samples against the first third; goal: RSS < 10 %),
 * and the most connections seen against the pool maximum; writes
 * bench/results/soak-<date>.json. Exit code 1 on any failed request, on more connections
 * than the pool allows, or on a transaction left idle; a missed RSS goal is reported only.
 *
 * The write limits (RATE_LIMIT_POSTS_PER_USER etc.) are raised for the run: one viewer
 * writes far more than a person would, and the soak measures leaks, not limits.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { openDatabaseServer } from './lib/database.mjs';
import { BOARD_PAGE, CREATE_COMMENT, LIKE_POST, LOGIN, ME, PROJECTS_WITH_TASKS } from './lib/documents.mjs';
import { cannon as startCannon, graphql, summarize } from './lib/http.mjs';
import { BCRYPT_COST, RESULTS_DIR, ROOT, backgroundLoad, freePort, intEnv, machineReport, sleep, startServer, stopServer, waitReady } from './lib/process.mjs';
import { PASSWORD, USERS, seed } from './lib/seed.mjs';

const SECONDS = intEnv('BENCH_SOAK_SECONDS', 300, 20, 3000);
const RATE = intEnv('BENCH_SOAK_RATE', 20, 1, 1000);
const CONNECTIONS = intEnv('BENCH_SOAK_CONNECTIONS', 10, 1, 100);
const POOL_MAX = intEnv('BENCH_SOAK_POOL_MAX', 10, 1, 100);
const WARMUP_SECONDS = Math.min(60, Math.max(10, Math.round(SECONDS / 5)));
const SAMPLE_SECONDS = 10;
const RSS_GOAL_PERCENT = 10;
const SOAK_DATABASE = 'campus_soak';
const WATCHDOG_MS = (SECONDS + 180) * 1000;

const UNLIKE_POST = 'mutation UnlikePost($id: ID!) { unlikePost(id: $id) { id likeCount viewerHasLiked } }';
const SEND_MESSAGE = 'mutation SendMessage($i: SendMessageInput!) { sendMessage(input: $i) { id } }';
const UPDATE_TASK = 'mutation UpdateTask($id: ID!, $i: UpdateTaskInput!) { updateTask(id: $id, input: $i) { id title updatedAt } }';
const CREATE_POST = 'mutation CreatePost($i: CreatePostInput!) { createPost(input: $i) { id } }';

const started = performance.now();
const log = (message) => process.stderr.write(`[bench:soak ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
const mib = (bytes) => Math.round((10 * bytes) / 2 ** 20) / 10;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? null : sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percent = (from, to) => (from && to !== null ? Math.round((1000 * (to - from)) / from) / 10 : null);

/** Current resident memory of a process in bytes (VmRSS), or null off Linux. */
function rssBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The server's latest process.memoryUsage(), as written by heap-probe.cjs, or null. */
function heapReading(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The app's connections to the soak database as PostgreSQL sees them. */
async function appConnections(client) {
  const { rows } = await client.query(
    `SELECT count(*)::int AS connections, (count(*) FILTER (WHERE state = 'idle in transaction'))::int AS "idleInTransaction"
     FROM pg_stat_activity WHERE application_name = 'campus-api' AND datname = current_database()`,
  );
  return rows[0];
}

/** A 200 with data and no `errors` member. */
const okBody = (body) => body.startsWith('{"data":{"') && !body.includes('"errors":[');

/**
 * The autocannon request of the mix: one global counter across the connections picks each
 * request, so the proportions hold however long the run. Failures are counted per operation,
 * with the first few bodies kept for the report.
 */
function mixedRequests({ viewerToken, ownerToken, boardId, postIds, otherBoardId, recipientId, taskIds }, failures) {
  let n = 0;
  const viewer = `Bearer ${viewerToken}`;
  const owner = `Bearer ${ownerToken}`;
  const body = (query, variables) => JSON.stringify({ query, variables });
  const pick = (i) => {
    const slot = i % 20;
    const round = Math.floor(i / 20);
    const postId = postIds[round % postIds.length];
    if (slot < 6) return ['me', viewer, body(ME, {})];
    if (slot < 10) return ['boardPage', viewer, body(BOARD_PAGE, { id: boardId, first: 20 })];
    if (slot < 12) return ['projectTasks', owner, body(PROJECTS_WITH_TASKS, {})];
    if (slot < 14) return ['createComment', viewer, body(CREATE_COMMENT, { i: { postId, content: `soak comment ${i}` } })];
    if (slot === 14) return ['likePost', viewer, body(LIKE_POST, { id: postId })];
    if (slot === 15) return ['unlikePost', viewer, body(UNLIKE_POST, { id: postId })];
    // 16 sends with a new key, 17 retries 16's request exactly (the idempotent replay).
    if (slot === 16 || slot === 17) return ['sendMessage', viewer, body(SEND_MESSAGE, { i: { recipientId, content: `soak message ${round}`, idempotencyKey: `soak-${round}` } })];
    if (slot === 18) return ['updateTask', owner, body(UPDATE_TASK, { id: taskIds[round % taskIds.length], i: { title: `soak task ${round}` } })];
    return ['createPost', viewer, body(CREATE_POST, { i: { boardId: otherBoardId, title: `soak post ${round}`, content: 'soak', idempotencyKey: `soak-post-${round}` } })];
  };
  return [
    {
      method: 'POST',
      path: '/graphql',
      setupRequest: (request, context) => {
        const [kind, authorization, requestBody] = pick(n++);
        context.kind = kind;
        return { ...request, headers: { ...request.headers, authorization }, body: requestBody };
      },
      onResponse: (status, responseBody, context) => {
        if (status === 200 && okBody(responseBody)) return;
        const entry = (failures[context.kind] ??= { count: 0, statuses: {}, samples: [] });
        entry.count++;
        entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
        if (entry.samples.length < 3) entry.samples.push(String(responseBody).slice(0, 500));
      },
    },
  ];
}

async function main() {
  let db;
  let server;
  let monitor;
  const active = new Set();
  const cleanup = async () => {
    for (const instance of active) instance.stop();
    if (server) await stopServer(server, { log }).catch(() => undefined);
    if (monitor) await monitor.end().catch(() => undefined);
    if (db) {
      await db.drop();
      await db.stop();
    }
    db = undefined;
  };
  const abort = (reason) => {
    log(reason);
    void cleanup().finally(() => process.exit(1));
  };
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  const watchdog = setTimeout(() => abort(`watchdog: the run exceeded ${WATCHDOG_MS / 1000} s`), WATCHDOG_MS);

  try {
    const loadAverage = os.loadavg().map((v) => Math.round(v * 100) / 100);
    const background = await backgroundLoad(1_000, { rounded: true });
    log(`${SECONDS} s at ${RATE} req/s over ${CONNECTIONS} connections (warm-up ${WARMUP_SECONDS} s), pool max ${POOL_MAX}; load average ${loadAverage.join(' / ')}, machine ${background}% busy`);
    const passwordHash = bcrypt.hashSync(PASSWORD, BCRYPT_COST);
    // campus_soak on DATABASE_URL's server, else on an embedded PostgreSQL in .data/soak.
    db = await openDatabaseServer({ log, database: SOAK_DATABASE, dataDir: 'soak' });
    log(`${db.embedded ? 'embedded PostgreSQL (.data/soak)' : "DATABASE_URL's server"}: recreating ${SOAK_DATABASE}, seeding scale 1`);
    await db.recreate();
    const data = await seed(db.url, { scale: 1, passwordHash });

    monitor = new pg.Client({ connectionString: db.url, application_name: 'campus-bench-soak' });
    await monitor.connect();
    const postIds = (await monitor.query('SELECT id FROM posts WHERE board_id = $1 AND author_id <> $2 ORDER BY created_at DESC LIMIT 20', [data.ids.boards[0], data.ids.viewer])).rows.map((r) => r.id);
    const taskIds = (await monitor.query('SELECT t.id FROM tasks t JOIN projects p ON p.id = t.project_id WHERE p.owner_id = $1 ORDER BY t.id LIMIT 20', [data.ids.owner])).rows.map((r) => r.id);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const probeFile = path.join(os.tmpdir(), `campus-soak-heap-${process.pid}.json`);
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      // The benchmark's servers send no mail and keep no uploads (both would need services it does not start).
      MAIL_TRANSPORT: 'log',
      STORAGE_DRIVER: 'local',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      DATABASE_POOL_MAX: String(POOL_MAX),
      JWT_SECRET: randomBytes(48).toString('base64'),
      BCRYPT_COST: String(BCRYPT_COST),
      LOG_LEVEL: 'warn',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      RATE_LIMIT_LOGIN_PER_IP: '100000000',
      LOGIN_BACKOFF_FREE_ATTEMPTS: '100000000',
      RATE_LIMIT_OPERATIONS_PER_IP: '100000000',
      RATE_LIMIT_OPERATIONS_PER_USER: '100000000',
      RATE_LIMIT_POSTS_PER_USER: '100000000',
      RATE_LIMIT_COMMENTS_PER_USER: '100000000',
      RATE_LIMIT_MESSAGES_PER_USER: '100000000',
      RATE_LIMIT_LIKES_PER_USER: '100000000',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(path.join(ROOT, 'bench', 'lib', 'heap-probe.cjs'))}`.trim(),
      BENCH_HEAP_PROBE_FILE: probeFile,
    };
    delete env.REDIS_URL;
    log(`starting the server on ${baseUrl}`);
    server = startServer(env);
    await waitReady(baseUrl, server);
    const pid = server.child.pid;
    const viewerToken = (await graphql(baseUrl, LOGIN, { i: { login: USERS.viewer.username, password: PASSWORD } })).login.accessToken;
    const ownerToken = (await graphql(baseUrl, LOGIN, { i: { login: USERS.owner.username, password: PASSWORD } })).login.accessToken;

    const failures = {};
    const requests = mixedRequests({ viewerToken, ownerToken, boardId: data.ids.boards[0], postIds, otherBoardId: data.ids.boards[4], recipientId: data.ids.authors[0], taskIds }, failures);
    const options = {
      url: `${baseUrl}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests,
      connections: CONNECTIONS,
      overallRate: RATE,
    };

    // Sampling: every second for the connection maximum, every SAMPLE_SECONDS for the series.
    const t0 = Date.now();
    const samples = [];
    const connectionPeak = { connections: 0, idleInTransaction: 0 };
    let sampling = true;
    let phase = 'warm-up';
    const sampler = (async () => {
      let tick = 0;
      while (sampling) {
        const activity = await appConnections(monitor);
        connectionPeak.connections = Math.max(connectionPeak.connections, activity.connections);
        if (tick % SAMPLE_SECONDS === 0) {
          const heap = heapReading(probeFile);
          const rss = rssBytes(pid);
          samples.push({
            t: Math.round((Date.now() - t0) / 1000),
            phase,
            rssMiB: rss === null ? null : mib(rss),
            heapUsedMiB: heap ? mib(heap.heapUsed) : null,
            heapTotalMiB: heap ? mib(heap.heapTotal) : null,
            ...activity,
          });
          const last = samples.at(-1);
          log(`${phase} t=${last.t}s rss ${last.rssMiB} MiB, heap ${last.heapUsedMiB}/${last.heapTotalMiB} MiB, connections ${last.connections} (idle in transaction ${last.idleInTransaction})`);
        }
        tick++;
        await sleep(1000);
      }
    })();

    const run = (duration) => {
      const { instance, promise } = startCannon({ ...options, duration }, active);
      return promise.finally(() => active.delete(instance));
    };
    const warmup = summarize(await run(WARMUP_SECONDS));
    phase = 'measured';
    const measuredFrom = samples.length;
    const measured = summarize(await run(SECONDS - WARMUP_SECONDS));
    sampling = false;
    await sampler;
    // Requests still in flight when autocannon stops (it drops their sockets; the server
    // finishes them) hold transactions for a moment: give them up to 5 s, less than the
    // idle-in-transaction timeout (10 s), so that a transaction really left open still shows.
    let after = await appConnections(monitor);
    for (let waited = 0; after.idleInTransaction > 0 && waited < 5_000; waited += 250) {
      await sleep(250);
      after = await appConnections(monitor);
    }
    const rounded = (value) => (value === null ? null : Math.round(value * 10) / 10);

    const written = (
      await monitor.query(
        `SELECT (SELECT count(*)::int FROM comments WHERE content LIKE 'soak comment %') AS comments,
                (SELECT count(*)::int FROM messages WHERE idempotency_key LIKE 'soak-%') AS messages,
                (SELECT count(*)::int FROM posts WHERE idempotency_key LIKE 'soak-post-%') AS posts,
                (SELECT count(*)::int FROM tasks WHERE title LIKE 'soak task %') AS "tasksRenamed"`,
      )
    ).rows[0];

    log('stopping the server (SIGTERM)');
    const serverExit = await stopServer(server, { log });
    server = undefined;
    await fs.rm(probeFile, { force: true });

    // Growth after warm-up: the median of the last third of the measured samples against the
    // median of the first third (the heap is a saw-tooth between collections and RSS follows
    // it, so single readings or short windows mislead); the floors (lowest readings) too.
    const measuredSamples = samples.slice(measuredFrom);
    const growth = (key) => {
      const values = measuredSamples.map((s) => s[key]).filter((v) => v !== null);
      const third = Math.max(1, Math.floor(values.length / 3));
      if (values.length === 0) return { firstThirdMedianMiB: null, lastThirdMedianMiB: null, growthPercent: null, firstThirdFloorMiB: null, lastThirdFloorMiB: null, maxMiB: null };
      const [first, last] = [values.slice(0, third), values.slice(-third)];
      return {
        firstThirdMedianMiB: rounded(median(first)),
        lastThirdMedianMiB: rounded(median(last)),
        growthPercent: percent(median(first), median(last)),
        firstThirdFloorMiB: rounded(Math.min(...first)),
        lastThirdFloorMiB: rounded(Math.min(...last)),
        maxMiB: rounded(Math.max(...values)),
      };
    };
    const rss = growth('rssMiB');
    const heap = growth('heapUsedMiB');
    const failed = warmup.non2xx + warmup.graphqlErrors + warmup.errors + warmup.timeouts + measured.non2xx + measured.graphqlErrors + measured.errors + measured.timeouts;
    const goals = [
      { name: 'no failed request (non-2xx, GraphQL errors, socket errors, timeouts)', met: failed === 0, measured: failed },
      { name: `app connections ≤ pool max (${POOL_MAX})`, met: connectionPeak.connections <= POOL_MAX, measured: connectionPeak.connections },
      { name: 'no transaction left idle at the end', met: after.idleInTransaction === 0, measured: after.idleInTransaction },
      { name: `RSS growth after warm-up < ${RSS_GOAL_PERCENT} %`, met: rss.growthPercent !== null && rss.growthPercent < RSS_GOAL_PERCENT, measured: rss.growthPercent, reportOnly: true },
      { name: 'server stopped cleanly (exit code 0)', met: serverExit.code === 0, measured: JSON.stringify(serverExit) },
    ];

    const report = {
      benchmark: 'soak',
      date: new Date().toISOString(),
      machine: machineReport({ embedded: db.embedded, loadAverage, backgroundBusyPercent: background }),
      loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100),
      settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, rate: RATE, connections: CONNECTIONS, poolMax: POOL_MAX, sampleSeconds: SAMPLE_SECONDS, data: data.counts },
      mix: '30 % me, 20 % boardPage, 10 % projectTasks, 10 % createComment, 5 % likePost, 5 % unlikePost, 5 % sendMessage (new key), 5 % sendMessage (retry), 5 % updateTask, 5 % createPost (keyed)',
      warmup,
      measured,
      failuresByOperation: failures,
      rss,
      heapUsed: heap,
      connections: { max: connectionPeak.connections, poolMax: POOL_MAX, atEnd: after.connections, idleInTransactionAtEnd: after.idleInTransaction },
      written,
      samples,
      serverExit,
      goals,
      elapsedSeconds: Math.round((performance.now() - started) / 1000),
    };
    clearTimeout(watchdog);
    await cleanup();

    await fs.mkdir(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `soak-${report.date.slice(0, 19).replace(/:/g, '-')}Z.json`);
    await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

    const out = process.stdout;
    out.write(`\nSoak — ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, ${report.machine.database}, load average ${loadAverage.join(' / ')}\n`);
    out.write(`${SECONDS} s at ${RATE} req/s (${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} connections, pool max ${POOL_MAX}\n\n`);
    out.write(`requests (measured): ${measured.requests}, ${measured.perSecond.toFixed(1)} req/s, p50 ${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms, max ${measured.latencyMs.max} ms\n`);
    out.write(`failed: ${failed} (non-2xx ${warmup.non2xx + measured.non2xx}, GraphQL errors ${warmup.graphqlErrors + measured.graphqlErrors}, errors ${warmup.errors + measured.errors}, timeouts ${warmup.timeouts + measured.timeouts})\n`);
    const memoryLine = (name, m) =>
      `${name}: median ${m.firstThirdMedianMiB} → ${m.lastThirdMedianMiB} MiB (${m.growthPercent} %), floor ${m.firstThirdFloorMiB} → ${m.lastThirdFloorMiB} MiB, max ${m.maxMiB} MiB`;
    out.write(`after warm-up, first third → last third of the measured part:\n  ${memoryLine('RSS', rss)}\n  ${memoryLine('heap used', heap)}\n`);
    out.write(`app connections: max ${connectionPeak.connections} of ${POOL_MAX}; at the end ${after.connections}, idle in transaction ${after.idleInTransaction}\n`);
    out.write(`written: ${written.comments} comments, ${written.messages} messages (each sent twice with its key), ${written.posts} posts, ${written.tasksRenamed} tasks renamed\n\nGoals:\n`);
    for (const goal of goals) out.write(`  ${goal.met ? 'met   ' : goal.reportOnly ? 'missed' : 'FAILED'}  ${goal.name} (measured ${goal.measured})\n`);
    out.write(`\nwritten: ${path.relative(ROOT, file)}\n`);
    return goals.every((goal) => goal.met || goal.reportOnly) ? 0 : 1;
  } catch (error) {
    clearTimeout(watchdog);
    log(`failed: ${error.stack ?? error}`);
    if (server) log(`server output:\n${server.output().slice(-3000)}`);
    await cleanup().catch((cleanupError) => log(`cleanup failed: ${cleanupError.message}`));
    return 1;
  }
}

process.exitCode = await main();
