#!/usr/bin/env node
/**
 * The benchmark suite: `npm run bench` (builds first; this file imports the compiled project
 * from dist/). See bench/README.md, "Benchmark suite".
 *
 * For each scale (1, 10 and 100 unless BENCH_QUICK=1; or BENCH_SCALE alone): a fresh database
 * `campus_bench` (on DATABASE_URL's server, else on the embedded PostgreSQL in .data/bench),
 * migrations, deterministic seed, SQL statements per scenario counted in-process, then
 * `node dist/src/main.js` in production mode, logins, warm-up and the scenarios at 1 and 20
 * connections with autocannon. Prints a table; writes bench/results/<date>.json, .md, .svg.
 *
 * Knobs: DATABASE_URL, BENCH_QUICK=1 (about a minute: short rounds, scale 1 only),
 * BENCH_SCALE=<n> (only that scale), BENCH_SECONDS=<n> (per round), BENCH_CPU_PROF=1,
 * BENCH_ONLY=<scenario,…> (only those scenarios, e.g. `timetable`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { createApp } from '../dist/src/app.js';
import { loadConfig } from '../dist/src/config.js';
import { createLogger } from '../dist/src/shared/logger.js';
import { requestScope } from '../dist/src/shared/request-context.js';
import { BENCH_DATABASE, openDatabaseServer } from './lib/database.mjs';
import { BOARD_PAGE, CREATE_COMMENT, FEED, FRIENDS_TIMETABLES, LIKE_POST, LOGIN, ME, PROJECTS_WITH_TASKS } from './lib/documents.mjs';
import { cannon as startCannon, graphql as graphqlCall, summarize as summarizeResult } from './lib/http.mjs';
import { consoleTable, markdown, svgChart, targets } from './lib/report.mjs';
import {
  BCRYPT_COST,
  RESULTS_DIR,
  ROOT,
  backgroundLoad as backgroundLoadRaw,
  freePort,
  intEnv,
  machineReport,
  peakRssMiB,
  processCpuMs,
  sleep,
  startServer as startServerProcess,
  stopServer as stopServerProcess,
  waitReady,
} from './lib/process.mjs';
import { backendCpuDeltaMs, openBackendMonitor } from './lib/postgres-cpu.mjs';
import { FRIENDS, LECTURES_PER_TIMETABLE, PASSWORD, SEMESTER, USERS, seed } from './lib/seed.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const SCALES = process.env.BENCH_SCALE ? [intEnv('BENCH_SCALE', 1, 1, 100)] : QUICK ? [1] : [1, 10, 100];
const SECONDS = intEnv('BENCH_SECONDS', QUICK ? 4 : 30, 1, 600);
const WARMUP_SECONDS = QUICK ? 1 : 3;
const LOGIN_SECONDS = QUICK ? 5 : 10;
const LOGIN_CONNECTIONS = 10;
const CONNECTIONS = [1, 20];
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
/** Scenarios run at scales above 1 (the ones whose data grows). */
const SCALED = new Set(['boardPage', 'boardFeed', 'projectTasks']);
const ALL_SCENARIOS = ['boardPage', 'boardFeed', 'projectTasks', 'timetable', 'me', 'loginBurst', 'writeMix'];
/** BENCH_ONLY=timetable,me runs only those scenarios (names as in the report). */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean)) : null;
for (const name of ONLY ?? []) if (!ALL_SCENARIOS.includes(name)) throw new Error(`BENCH_ONLY: unknown scenario ${name} (expected ${ALL_SCENARIOS.join(', ')})`);

const started = performance.now();
const elapsed = () => {
  const s = Math.round((performance.now() - started) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};
const log = (message) => process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}[bench ${elapsed()}] ${message}\n`);

/** The progress line: scenario, round, elapsed (redrawn every second on a TTY, every 10 s otherwise). */
const progress = {
  state: null,
  timer: null,
  set(state) {
    this.state = { ...state, t0: performance.now() };
    this.draw(true);
    if (!this.timer) {
      let ticks = 0;
      this.timer = setInterval(() => {
        ticks++;
        if (process.stderr.isTTY || ticks % 10 === 0) this.draw(false);
      }, 1000);
      this.timer.unref();
    }
  },
  draw() {
    if (!this.state) return;
    const s = this.state;
    const inRound = ((performance.now() - s.t0) / 1000).toFixed(0);
    const line = `[bench ${elapsed()}] round ${s.round}/${s.total} · scale ${s.scale} · ${s.scenario} · ${s.phase} · ${inRound}/${s.seconds} s`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
    else process.stderr.write(`${line}\n`);
  },
  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.state = null;
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  },
};

/** DATABASE_URL's server, else the embedded PostgreSQL in .data/bench (started once). */
const databaseServer = () => openDatabaseServer({ log });
const backgroundLoad = () => backgroundLoadRaw(1_000, { rounded: true });
const startServer = (env) => startServerProcess(env, { cpuProf: CPU_PROF });
const stopServer = (server) => stopServerProcess(server, { log });
const graphql = (baseUrl, query, variables, headers = {}) => graphqlCall(baseUrl, query, variables, headers, { maxErrorChars: 2000 });

const active = new Set();
const cannon = (options) => startCannon(options, active).promise;

/** A 200 with data and no `errors` member. */
const okBody = (body) => body.startsWith('{"data":{"') && !body.includes('"errors":[');

const summarize = (result) => summarizeResult(result, { suite: true });

/**
 * Runs `fn` (returning autocannon results) and adds the CPU the server process and its
 * PostgreSQL backends spent meanwhile, and the server's peak RSS.
 */
async function measured(pid, monitor, fn) {
  const db0 = await monitor.snapshot();
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  const result = await fn();
  const cpu1 = processCpuMs(pid);
  const wallMs = performance.now() - t0;
  const db1 = await monitor.snapshot();
  const cpuMs = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
  return { result, cpuMs, dbCpuMs: backendCpuDeltaMs(db0, db1), wallMs, rss: peakRssMiB(pid) };
}

/** The CPU fields of a round: per request, for the server, its PostgreSQL backends and both. */
function cpuFields(measure, requests) {
  const per = (ms) => (ms === null ? null : ms / Math.max(1, requests));
  const server = per(measure.cpuMs);
  const database = per(measure.dbCpuMs);
  return {
    serverCpuMsPerRequest: server,
    dbCpuMsPerRequest: database,
    totalCpuMsPerRequest: server === null || database === null ? null : server + database,
    serverCores: measure.cpuMs === null ? null : Math.round((100 * measure.cpuMs) / measure.wallMs) / 100,
    peakRssMiB: measure.rss,
  };
}

/**
 * Waits until the server is idle (under 10 % of a core over 250 ms, at most 30 s): requests
 * still in flight when autocannon stops (a slow query at 20 connections) would otherwise be
 * billed to the next round.
 */
async function drain(pid) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const before = processCpuMs(pid);
    await sleep(250);
    const after = processCpuMs(pid);
    if (before === null || after === null || after - before < 25) return;
  }
}

/** SQL statements one request of `query` sends, through the in-process pipeline. */
async function countStatements(app, query, variables, token) {
  const scope = { requestId: randomUUID(), sqlStatements: 0 };
  const body = await requestScope.run(scope, async () => {
    const contextValue = await app.contextFor(`Bearer ${token}`);
    const response = await app.apollo.executeOperation({ query, variables }, { contextValue });
    return response.body.kind === 'single' ? response.body.singleResult : null;
  });
  if (!body || body.errors?.length) throw new Error(`in-process ${query.slice(0, 40)}… failed: ${JSON.stringify(body?.errors ?? body).slice(0, 1000)}`);
  return scope.sqlStatements;
}

function plan(scales) {
  const rounds = [];
  for (const scale of scales) {
    const scenarios = (scale === 1 || scales.length === 1 ? ALL_SCENARIOS : [...SCALED]).filter((s) => !ONLY || ONLY.has(s));
    for (const scenario of scenarios) {
      if (scenario === 'loginBurst') rounds.push({ scale, scenario, connections: LOGIN_CONNECTIONS });
      else if (scenario === 'writeMix') rounds.push({ scale, scenario, connections: 20 });
      else for (const connections of CONNECTIONS) rounds.push({ scale, scenario, connections });
    }
  }
  return rounds;
}

async function runScale(db, scale, rounds, roundIndex, jwtSecret, passwordHash) {
  log(`scale ${scale}: recreating ${BENCH_DATABASE}, applying migrations`);
  await db.recreate();
  log(`scale ${scale}: seeding`);
  const t0 = performance.now();
  const data = await seed(db.url, { scale, passwordHash });
  log(`scale ${scale}: seeded ${Object.entries(data.counts).map(([k, v]) => `${v} ${k}`).join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    // The benchmark's servers send no mail and keep no uploads (both would need services it does not start).
    MAIL_TRANSPORT: 'log',
    STORAGE_DRIVER: 'local',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET: jwtSecret,
    BCRYPT_COST: String(BCRYPT_COST),
    LOG_LEVEL: 'warn',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    RATE_LIMIT_LOGIN_PER_IP: '100000000',
    LOGIN_BACKOFF_FREE_ATTEMPTS: '100000000',
    RATE_LIMIT_SIGNUP_PER_IP: '100000000',
    RATE_LIMIT_REFRESH_PER_IP: '100000000',
    RATE_LIMIT_PASSWORD_RESET_PER_IP: '100000000',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_OPERATIONS_PER_IP: '100000000',
    RATE_LIMIT_OPERATIONS_PER_USER: '100000000',
    RATE_LIMIT_POSTS_PER_USER: '100000000',
    RATE_LIMIT_COMMENTS_PER_USER: '100000000',
    RATE_LIMIT_MESSAGES_PER_USER: '100000000',
    RATE_LIMIT_LIKES_PER_USER: '100000000',
  };
  delete env.REDIS_URL;
  log(`scale ${scale}: starting the server on ${baseUrl}`);
  const server = startServer(env);
  const run = { scale, data: data.counts, statements: {}, rounds: [] };
  const monitor = await openBackendMonitor(db.url);
  try {
    await waitReady(baseUrl, server);
    const pid = server.child.pid;
    log(`scale ${scale}: logging in (bcrypt cost ${BCRYPT_COST})`);
    const viewerToken = (await graphql(baseUrl, LOGIN, { i: { login: USERS.viewer.username, password: PASSWORD } })).login.accessToken;
    const ownerToken = (await graphql(baseUrl, LOGIN, { i: { login: USERS.owner.username, password: PASSWORD } })).login.accessToken;

    const docs = {
      boardPage: { query: BOARD_PAGE, variables: { id: data.ids.boards[0], first: 20 }, token: viewerToken },
      boardFeed: { query: FEED, variables: { schoolId: data.ids.school }, token: viewerToken },
      projectTasks: { query: PROJECTS_WITH_TASKS, variables: {}, token: ownerToken },
      timetable: { query: FRIENDS_TIMETABLES, variables: { semester: SEMESTER }, token: viewerToken },
      me: { query: ME, variables: {}, token: viewerToken },
    };
    // Check the shapes once over HTTP: a seeding mistake must not pass for speed.
    const page = (await graphql(baseUrl, BOARD_PAGE, docs.boardPage.variables, { authorization: `Bearer ${viewerToken}` })).board.posts;
    const feed = (await graphql(baseUrl, FEED, docs.boardFeed.variables, { authorization: `Bearer ${viewerToken}` })).boards.edges;
    const projects = (await graphql(baseUrl, PROJECTS_WITH_TASKS, {}, { authorization: `Bearer ${ownerToken}` })).projects.edges;
    const friends = (await graphql(baseUrl, FRIENDS_TIMETABLES, docs.timetable.variables, { authorization: `Bearer ${viewerToken}` })).friends.edges;
    const shape = {
      boardPagePosts: page.edges.length,
      commentsOnFirstPost: page.edges[0].node.comments.edges.length,
      repliesOnFirstComment: page.edges[0].node.comments.edges[0].node.replies.edges.length,
      feedBoards: feed.length,
      feedPosts: feed.reduce((n, b) => n + b.node.posts.edges.length, 0),
      projects: projects.length,
      tasksOnFirstProject: projects[0].node.tasks.edges.length,
      taskCountOfFirstProject: projects[0].node.taskCount,
      friends: friends.length,
      friendsWithFullTimetables: friends.filter((f) => f.node.primaryTimetable?.lectures.length === LECTURES_PER_TIMETABLE).length,
    };
    if (shape.friends !== FRIENDS || shape.friendsWithFullTimetables !== FRIENDS) throw new Error(`timetable seed: expected ${FRIENDS} friends × ${LECTURES_PER_TIMETABLE} lectures, got ${JSON.stringify(shape)}`);
    log(`scale ${scale}: response shapes ${JSON.stringify(shape)}`);
    run.shape = shape;

    log(`scale ${scale}: counting SQL statements per request in-process`);
    // No session cache: every request pays its session check, as in the SQL-budget tests.
    const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent', PASSWORD_WORKERS: '1', AUTH_SESSION_CACHE_MS: '0' });
    const app = await createApp(config, { logger: createLogger('silent') });
    try {
      for (const [name, doc] of Object.entries(docs)) {
        await countStatements(app, doc.query, doc.variables, doc.token); // warm (loaders, caches)
        run.statements[name] = await countStatements(app, doc.query, doc.variables, doc.token);
      }
    } finally {
      await app.stop();
    }
    log(`scale ${scale}: SQL statements per request ${JSON.stringify(run.statements)}`);

    const http = (doc, extra = {}) => ({
      url: `${baseUrl}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${doc.token}` },
      body: JSON.stringify({ query: doc.query, variables: doc.variables }),
      verifyBody: okBody,
      ...extra,
    });

    const scaleRounds = rounds.filter((r) => r.scale === scale);
    for (const spec of scaleRounds) {
      const index = ++roundIndex.value;
      const base = { round: index, total: roundIndex.total, scale, scenario: `${spec.scenario} @${spec.connections}` };
      let measure;
      if (spec.scenario === 'loginBurst') {
        const loginOptions = {
          url: `${baseUrl}/graphql`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: LOGIN, variables: { i: { login: USERS.viewer.username, password: PASSWORD } } }),
          connections: LOGIN_CONNECTIONS,
          verifyBody: (body) => body.startsWith('{"data":{"login":{"accessToken":"'),
        };
        progress.set({ ...base, phase: 'warm-up', seconds: WARMUP_SECONDS });
        await cannon({ ...http(docs.me), connections: 1, duration: WARMUP_SECONDS });
        await drain(pid);
        progress.set({ ...base, phase: `${LOGIN_CONNECTIONS} logins + 1 me`, seconds: LOGIN_SECONDS });
        measure = await measured(pid, monitor, () =>
          Promise.all([cannon({ ...loginOptions, duration: LOGIN_SECONDS }), cannon({ ...http(docs.me), connections: 1, duration: LOGIN_SECONDS })]),
        );
        const [logins, me] = measure.result.map(summarize);
        const requests = logins.requests + me.requests;
        run.rounds.push({
          scenario: 'loginBurst',
          connections: 1 + LOGIN_CONNECTIONS,
          ...me,
          non2xx: me.non2xx + logins.non2xx,
          graphqlErrors: me.graphqlErrors + logins.graphqlErrors,
          errors: me.errors + logins.errors,
          timeouts: me.timeouts + logins.timeouts,
          logins: { ...logins, perSecond: Math.round((100 * logins.ok) / logins.durationS) / 100 },
          ...cpuFields(measure, requests),
          extra: `logins/s ${Math.round((100 * logins.ok) / logins.durationS) / 100}; latency = me`,
        });
      } else if (spec.scenario === 'writeMix') {
        // 8 board-page reads, 1 createComment and 1 likePost per 10 requests on each
        // connection; likes go to the authors' posts (never the viewer's own), repeated
        // likes are idempotent.
        const postIds = await (async () => {
          const client = new pg.Client({ connectionString: db.url, application_name: 'campus-bench' });
          await client.connect();
          try {
            return (await client.query(`SELECT id FROM posts WHERE board_id = $1 ORDER BY created_at DESC LIMIT 20`, [data.ids.boards[0]])).rows.map((r) => r.id);
          } finally {
            await client.end();
          }
        })();
        // One global counter across the connections picks each request: of every 10, 8
        // board-page reads, 1 createComment, 1 likePost — the exact mix however short the round.
        let n = 0;
        const readBody = JSON.stringify({ query: BOARD_PAGE, variables: docs.boardPage.variables });
        const requests = [
          {
            method: 'POST',
            path: '/graphql',
            setupRequest: (req) => {
              const i = n++;
              const postId = postIds[Math.floor(i / 10) % postIds.length];
              if (i % 10 === 4) return { ...req, body: JSON.stringify({ query: CREATE_COMMENT, variables: { i: { postId, content: `bench comment ${i}` } } }) };
              if (i % 10 === 9) return { ...req, body: JSON.stringify({ query: LIKE_POST, variables: { id: postId } }) };
              return { ...req, body: readBody };
            },
          },
        ];
        const options = { ...http(docs.boardPage), requests, connections: spec.connections };
        progress.set({ ...base, phase: 'warm-up', seconds: WARMUP_SECONDS });
        await cannon({ ...options, duration: WARMUP_SECONDS });
        await drain(pid);
        progress.set({ ...base, phase: 'measuring', seconds: SECONDS });
        measure = await measured(pid, monitor, () => cannon({ ...options, duration: SECONDS }));
        const s = summarize(measure.result);
        const written = await (async () => {
          const client = new pg.Client({ connectionString: db.url, application_name: 'campus-bench' });
          await client.connect();
          try {
            const comments = (await client.query(`SELECT count(*)::int AS n FROM comments WHERE author_id = $1 AND content LIKE 'bench comment %'`, [data.ids.viewer])).rows[0].n;
            const likes = (await client.query(`SELECT count(*)::int AS n FROM post_likes WHERE user_id = $1`, [data.ids.viewer])).rows[0].n;
            return { comments, likes };
          } finally {
            await client.end();
          }
        })();
        run.rounds.push({
          written,
          scenario: 'writeMix',
          connections: spec.connections,
          ...s,
          ...cpuFields(measure, s.requests),
          extra: `80% boardPage, 10% createComment, 10% likePost (${written.comments} comments, ${written.likes} liked posts in the database, warm-up included)`,
        });
      } else {
        const options = { ...http(docs[spec.scenario]), connections: spec.connections };
        progress.set({ ...base, phase: 'warm-up', seconds: WARMUP_SECONDS });
        await cannon({ ...options, duration: WARMUP_SECONDS });
        await drain(pid);
        progress.set({ ...base, phase: 'measuring', seconds: SECONDS });
        measure = await measured(pid, monitor, () => cannon({ ...options, duration: SECONDS }));
        const s = summarize(measure.result);
        run.rounds.push({
          scenario: spec.scenario,
          connections: spec.connections,
          ...s,
          ...cpuFields(measure, s.requests),
        });
      }
      progress.stop();
      await drain(pid);
      const last = run.rounds.at(-1);
      log(
        `done ${index}/${roundIndex.total} scale ${scale} ${last.scenario} @${last.connections}: ${last.perSecond} req/s, p50 ${last.latencyMs.p50} ms, p99 ${last.latencyMs.p99} ms, errors ${last.non2xx + last.graphqlErrors + last.errors}${last.logins ? `, logins/s ${last.logins.perSecond}` : ''}`,
      );
    }
  } finally {
    progress.stop();
    await monitor.close();
    log(`scale ${scale}: stopping the server (SIGTERM)`);
    run.serverExit = await stopServer(server);
    if (run.serverExit.code !== 0) log(`server exited with ${JSON.stringify(run.serverExit)}:\n${server.output().slice(-3000)}`);
  }
  return run;
}

async function main() {
  const rounds = plan(SCALES);
  const watchdogMs = 180_000 * SCALES.length + rounds.length * (SECONDS + WARMUP_SECONDS + 30) * 1000;
  let db;
  const cleanup = async () => {
    for (const instance of active) instance.stop();
    if (db) {
      log(db.embedded ? `dropping ${BENCH_DATABASE}, stopping the embedded PostgreSQL` : `dropping ${BENCH_DATABASE}`);
      await db.drop();
      await db.stop();
    }
    db = undefined;
  };
  const abort = (reason) => {
    progress.stop();
    log(reason);
    void cleanup().finally(() => process.exit(1));
  };
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  const watchdog = setTimeout(() => abort(`watchdog: the run exceeded ${Math.round(watchdogMs / 1000)} s`), watchdogMs);

  try {
    log(`${QUICK ? 'quick run' : 'full run'}: scales ${SCALES.join(', ')}, ${rounds.length} rounds of ${SECONDS} s (+${WARMUP_SECONDS} s warm-up each)`);
    const loadAverage = os.loadavg().map((v) => Math.round(v * 100) / 100);
    const background = await backgroundLoad();
    log(`load average ${loadAverage.join(' / ')}, machine ${background}% busy`);
    log(`hashing the bench password (bcrypt cost ${BCRYPT_COST})`);
    const passwordHash = bcrypt.hashSync(PASSWORD, BCRYPT_COST);
    log(process.env.DATABASE_URL ? `using DATABASE_URL's server (database ${BENCH_DATABASE})` : 'starting the embedded PostgreSQL (.data/bench)');
    db = await databaseServer();
    const jwtSecret = randomBytes(48).toString('base64');
    const roundIndex = { value: 0, total: rounds.length };
    const runs = [];
    for (const scale of SCALES) runs.push(await runScale(db, scale, rounds, roundIndex, jwtSecret, passwordHash));
    const { embedded } = db; // cleanup() forgets db
    clearTimeout(watchdog);
    await cleanup();

    const report = {
      benchmark: 'suite',
      date: new Date().toISOString(),
      machine: machineReport({ embedded, loadAverage, backgroundBusyPercent: background }),
      loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100),
      settings: { quick: QUICK, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, scales: SCALES, loginSeconds: LOGIN_SECONDS, loginConnections: LOGIN_CONNECTIONS, bcryptCost: BCRYPT_COST, cpuProfile: CPU_PROF },
      elapsedSeconds: Math.round((performance.now() - started) / 1000),
      runs,
    };
    report.targets = targets(report);

    await fs.mkdir(RESULTS_DIR, { recursive: true });
    const stamp = `${report.date.slice(0, 19).replace(/:/g, '-')}Z`;
    const jsonFile = path.join(RESULTS_DIR, `${stamp}.json`);
    const svgFile = `${stamp}.svg`;
    const mdFile = path.join(RESULTS_DIR, `${stamp}.md`);
    await fs.writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    await fs.writeFile(path.join(RESULTS_DIR, svgFile), svgChart(report));
    await fs.writeFile(mdFile, markdown(report, svgFile));

    const out = process.stdout;
    out.write(`\nBenchmark suite — ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, ${report.machine.database}, load average ${loadAverage.join(' / ')}\n\n`);
    out.write(`${consoleTable(report)}\n\nTargets (issue 7):\n`);
    for (const t of report.targets) out.write(`  ${t.met ? 'met   ' : 'MISSED'}  ${t.name} (measured ${t.measured ?? 'n/a'})\n`);
    out.write(`\nwritten: ${path.relative(ROOT, jsonFile)}, ${path.relative(ROOT, mdFile)}, bench/results/${svgFile}\n`);
    const errors = report.targets.find((t) => t.name.startsWith('zero errors'));
    return errors.met ? 0 : 1;
  } catch (error) {
    clearTimeout(watchdog);
    progress.stop();
    log(`failed: ${error.stack ?? error}`);
    await cleanup().catch((cleanupError) => log(`cleanup failed: ${cleanupError.message}`));
    return 1;
  }
}

process.exitCode = await main();
