#!/usr/bin/env node
/**
 * Login burst: `npm run bench:login` (builds first; this file imports the compiled project
 * from dist/).
 *
 * Starts the compiled server (`node dist/src/main.js`) as a child process in production
 * mode against a dedicated database `campus_bench` (on DATABASE_URL's server when set, else
 * on an embedded PostgreSQL kept in .data/bench), signs one user up through the API at
 * production bcrypt cost 12, then measures:
 *   - one bcrypt compare alone in this process (median of 5) → t_compare_ms;
 *   - a cheap query alone, 1 connection, for BENCH_BASELINE_SECONDS (5) → baseline latency;
 *   - the burst: BENCH_LOGIN_CONNECTIONS (10) connections posting `login` for
 *     BENCH_LOGIN_SECONDS (10) while 1 connection sends the cheap query.
 * Prints a table, writes bench/results/login-burst-<date>.json, stops everything.
 *
 * Knobs (all optional): DATABASE_URL, BENCH_LOGIN_SECONDS, BENCH_BASELINE_SECONDS,
 * BENCH_LOGIN_CONNECTIONS, BENCH_CHEAP=schools|me|typename (default schools),
 * BENCH_CHEAP_RATE=<req/s> (cap the cheap client during the burst; default: as fast as it can),
 * BENCH_CPU_PROF=1 (server runs with --cpu-prof; profiles in bench/results/profiles/).
 * Traffic goes to 127.0.0.1 only; every phase is bounded in time.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { BENCH_DATABASE, openDatabaseServer } from './lib/database.mjs';
import { cannon, graphql, summarize } from './lib/http.mjs';
import {
  BCRYPT_COST,
  CLOCK_TICKS,
  RESULTS_DIR,
  ROOT,
  backgroundLoad,
  freePort,
  intEnv,
  machineCpu,
  peakRssMiB,
  processCpuMs,
  startServer as startServerProcess,
  stopServer as stopServerProcess,
  waitReady,
} from './lib/process.mjs';

const LOGIN_SECONDS = intEnv('BENCH_LOGIN_SECONDS', 10, 1, 60);
const BASELINE_SECONDS = intEnv('BENCH_BASELINE_SECONDS', 5, 1, 60);
const LOGIN_CONNECTIONS = intEnv('BENCH_LOGIN_CONNECTIONS', 10, 1, 100);
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
/** Requests/s of the cheap-query client during the burst; 0 (default) = as fast as it can (closed loop). */
const CHEAP_RATE = intEnv('BENCH_CHEAP_RATE', 0, 0, 100_000);
const CHEAP_KIND = process.env.BENCH_CHEAP || 'schools';
const CHEAP_QUERIES = {
  schools: { query: '{ schools { id } }', ok: (body) => body.startsWith('{"data":{"schools":[') },
  me: { query: '{ me { id } }', ok: (body) => body.startsWith('{"data":{"me":{"id":') },
  typename: { query: '{ __typename }', ok: (body) => body.startsWith('{"data":{"__typename":') },
};
if (!CHEAP_QUERIES[CHEAP_KIND]) throw new Error(`BENCH_CHEAP must be one of ${Object.keys(CHEAP_QUERIES).join(', ')}`);
/** Whole run, server start to stop; a hung phase ends the run instead of hanging it. */
const WATCHDOG_MS = 60_000 + (LOGIN_SECONDS + BASELINE_SECONDS) * 1000 * 2;

const LOGIN_MUTATION = 'mutation($i: LoginInput!){ login(input:$i){ accessToken } }';
const SIGNUP_MUTATION = 'mutation($i: SignupInput!){ signup(input:$i){ accessToken } }';
const USER = { email: 'bench-user@example.com', username: 'bench_user', password: 'bench-password-0123' };

const progress = (message) => process.stderr.write(`[bench:login ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
const started = performance.now();

/** DATABASE_URL's server, else the embedded PostgreSQL in .data/bench; a fresh campus_bench on it. */
async function prepareDatabase() {
  const server = await openDatabaseServer({ log: progress });
  try {
    await server.recreate();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  return {
    url: server.url,
    embedded: server.embedded,
    clusterDir: server.clusterDir,
    async teardown() {
      await server.drop();
      await server.stop();
    },
  };
}

/**
 * CPU time in ms of the embedded PostgreSQL: the postmaster, its live backends, and the
 * backends it has reaped (its cutime/cstime). Null for a server we did not start.
 */
function postgresCpuMs(clusterDir) {
  if (!clusterDir) return null;
  try {
    const postmaster = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const fieldsOf = (pid) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    };
    const own = fieldsOf(postmaster);
    let ticks = own[11] + own[12] + own[13] + own[14];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = fieldsOf(entry);
        if (fields[1] === postmaster) ticks += fields[11] + fields[12];
      } catch {
        // exited meanwhile
      }
    }
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

class CpuWindow {
  constructor(pid, clusterDir) {
    this.pid = pid;
    this.clusterDir = clusterDir;
    this.postgres = postgresCpuMs(clusterDir);
    this.server = processCpuMs(pid);
    this.machine = machineCpu();
    this.self = process.cpuUsage();
    this.t0 = performance.now();
  }
  end() {
    const wallMs = performance.now() - this.t0;
    const server = processCpuMs(this.pid);
    const postgres = postgresCpuMs(this.clusterDir);
    const machine = machineCpu();
    const self = process.cpuUsage(this.self);
    return {
      wallMs,
      serverCpuMs: server === null || this.server === null ? null : server - this.server,
      postgresCpuMs: postgres === null || this.postgres === null ? null : postgres - this.postgres,
      machineBusyPercent: machine && this.machine ? (100 * (machine.busy - this.machine.busy)) / (machine.total - this.machine.total) : null,
      machineBusyMs: machine && this.machine ? ((machine.busy - this.machine.busy) * 1000) / CLOCK_TICKS : null,
      loadGeneratorCpuMs: (self.user + self.system) / 1000,
    };
  }
}

const startServer = (env) => startServerProcess(env, { cpuProf: CPU_PROF });
const stopServer = (server) => stopServerProcess(server, { log: progress });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measureCompare() {
  const hash = bcrypt.hashSync(USER.password, BCRYPT_COST);
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    if (!bcrypt.compareSync(USER.password, hash)) throw new Error('bcrypt compare failed');
    samples.push(performance.now() - t0);
  }
  return { median: median(samples), samples };
}

const round = (value, digits = 1) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

async function main() {
  const cores = os.availableParallelism();
  let database;
  let server;
  let watchdog;
  const active = new Set();
  const cleanup = async () => {
    for (const run of active) run.stop();
    if (server) {
      const status = await stopServer(server);
      if (status.code !== 0) progress(`server exited with ${JSON.stringify(status)}`);
    }
    server = undefined;
    if (database) {
      progress(database.embedded ? `dropping ${BENCH_DATABASE}, stopping the embedded PostgreSQL` : `dropping ${BENCH_DATABASE}`);
      await database.teardown();
    }
    database = undefined;
  };
  const abort = (reason) => {
    progress(reason);
    void cleanup().finally(() => process.exit(1));
  };
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  watchdog = setTimeout(() => abort(`watchdog: the run exceeded ${WATCHDOG_MS / 1000} s`), WATCHDOG_MS);

  try {
    progress('sampling background load (1 s)');
    const background = { busyPercent: await backgroundLoad(), loadAverage1m: os.loadavg()[0] };
    progress(process.env.DATABASE_URL ? `creating ${BENCH_DATABASE} on DATABASE_URL's server` : 'starting the embedded PostgreSQL (.data/bench)');
    database = await prepareDatabase();

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
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(48).toString('base64'),
      BCRYPT_COST: String(BCRYPT_COST),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_LOGIN_PER_IP: '1000000',
      LOGIN_BACKOFF_FREE_ATTEMPTS: '1000000',
      RATE_LIMIT_SIGNUP_PER_IP: '1000000',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      // The per-IP/per-user operation budget (hardening); older servers ignore these.
      RATE_LIMIT_OPERATIONS_PER_IP: '100000000',
      RATE_LIMIT_OPERATIONS_PER_USER: '100000000',
      RATE_LIMIT_POSTS_PER_USER: '100000000',
      RATE_LIMIT_COMMENTS_PER_USER: '100000000',
      RATE_LIMIT_MESSAGES_PER_USER: '100000000',
      RATE_LIMIT_LIKES_PER_USER: '100000000',
    };
    progress(`starting the server on ${baseUrl}${CPU_PROF ? ' with --cpu-prof' : ''}`);
    server = await startServer(env);
    await waitReady(baseUrl, server);
    const pid = server.child.pid;
    const databaseKind = database.embedded ? 'embedded PostgreSQL' : "DATABASE_URL's server";

    progress('signing the bench user up (bcrypt cost 12)');
    const { signup } = await graphql(baseUrl, SIGNUP_MUTATION, { i: USER });
    const cheap = CHEAP_QUERIES[CHEAP_KIND];
    const jsonHeaders = { 'content-type': 'application/json' };
    const cheapHeaders = CHEAP_KIND === 'me' ? { ...jsonHeaders, authorization: `Bearer ${signup.accessToken}` } : jsonHeaders;
    const cheapOptions = {
      url: `${baseUrl}/graphql`,
      method: 'POST',
      headers: cheapHeaders,
      body: JSON.stringify({ query: cheap.query }),
      connections: 1,
      verifyBody: cheap.ok,
    };
    const loginOptions = {
      url: `${baseUrl}/graphql`,
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ query: LOGIN_MUTATION, variables: { i: { login: USER.username, password: USER.password } } }),
      connections: LOGIN_CONNECTIONS,
      verifyBody: (body) => body.startsWith('{"data":{"login":{"accessToken":"'),
    };

    progress('measuring one bcrypt compare alone (cost 12, median of 5)');
    const compare = measureCompare();

    progress('warming up');
    for (let i = 0; i < 2; i++) await graphql(baseUrl, LOGIN_MUTATION, { i: { login: USER.username, password: USER.password } });
    const warm = cannon({ ...cheapOptions, amount: 300 });
    active.add(warm.instance);
    await warm.promise;
    active.delete(warm.instance);

    progress(`baseline: ${cheap.query} alone, 1 connection, ${BASELINE_SECONDS} s`);
    const baselineCpu = new CpuWindow(pid, database.clusterDir);
    const baselineRun = cannon({ ...cheapOptions, duration: BASELINE_SECONDS });
    active.add(baselineRun.instance);
    const baseline = summarize(await baselineRun.promise);
    active.delete(baselineRun.instance);
    const baselineWindow = baselineCpu.end();

    progress(
      `burst: ${LOGIN_CONNECTIONS} connections of login + 1 of ${cheap.query}${CHEAP_RATE > 0 ? ` at ${CHEAP_RATE} req/s` : ''}, ${LOGIN_SECONDS} s`,
    );
    const burstCpu = new CpuWindow(pid, database.clusterDir);
    const loginRun = cannon({ ...loginOptions, duration: LOGIN_SECONDS });
    const cheapRun = cannon({ ...cheapOptions, duration: LOGIN_SECONDS, ...(CHEAP_RATE > 0 ? { overallRate: CHEAP_RATE } : {}) });
    active.add(loginRun.instance).add(cheapRun.instance);
    const [loginResult, cheapResult] = await Promise.all([loginRun.promise, cheapRun.promise]);
    const burstWindow = burstCpu.end();
    active.clear();
    const logins = summarize(loginResult);
    const cheapDuringBurst = summarize(cheapResult);
    const rssMiB = peakRssMiB(pid);

    progress('stopping the server (SIGTERM)');
    const exit = await stopServer(server);
    server = undefined;
    clearTimeout(watchdog);
    await cleanup();

    const loginTarget = (0.8 * cores * 1000) / compare.median;
    const cheapP99Target = 50;
    const baselineCpuPerCheap = baselineWindow.serverCpuMs === null ? null : baselineWindow.serverCpuMs / Math.max(1, baseline.requests);
    const burstRequests = logins.requests + cheapDuringBurst.requests;
    const report = {
      benchmark: 'login-burst',
      date: new Date().toISOString(),
      machine: {
        cores,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        database: databaseKind,
        backgroundBusyPercent: round(background.busyPercent),
        loadAverage1m: round(background.loadAverage1m, 2),
      },
      settings: {
        bcryptCost: BCRYPT_COST,
        loginConnections: LOGIN_CONNECTIONS,
        loginSeconds: LOGIN_SECONDS,
        baselineSeconds: BASELINE_SECONDS,
        cheapQuery: cheap.query,
        cheapRateDuringBurst: CHEAP_RATE > 0 ? CHEAP_RATE : 'unlimited (closed loop)',
        passwordWorkers: Number(process.env.PASSWORD_WORKERS) || cores,
        cpuProfile: CPU_PROF,
      },
      tCompareMs: round(compare.median),
      tCompareSamplesMs: compare.samples.map((s) => round(s)),
      login: { ...logins, perSecond: round(logins.perSecond, 2) },
      cheapBaseline: { ...baseline, perSecond: round(baseline.perSecond) },
      cheapDuringBurst: { ...cheapDuringBurst, perSecond: round(cheapDuringBurst.perSecond) },
      serverCpu: {
        burstCpuMs: round(burstWindow.serverCpuMs),
        burstCpuMsPerRequest: burstWindow.serverCpuMs === null ? null : round(burstWindow.serverCpuMs / Math.max(1, burstRequests)),
        /** logins/s × t_compare: the share of the server's CPU that bcrypt took (estimate). */
        bcryptCoresEstimate: round((logins.perSecond * compare.median) / 1000, 2),
        baselineCpuMsPerRequest: round(baselineCpuPerCheap, 2),
        burstServerCores: burstWindow.serverCpuMs === null ? null : round(burstWindow.serverCpuMs / burstWindow.wallMs, 2),
        machineBusyPercentDuringBurst: round(burstWindow.machineBusyPercent),
        loadGeneratorCpuMsDuringBurst: round(burstWindow.loadGeneratorCpuMs),
        loadGeneratorCoresDuringBurst: round(burstWindow.loadGeneratorCpuMs / burstWindow.wallMs, 2),
        /** The embedded PostgreSQL (null on DATABASE_URL's server). */
        postgresCoresDuringBurst: burstWindow.postgresCpuMs === null ? null : round(burstWindow.postgresCpuMs / burstWindow.wallMs, 2),
        /** Everything else on the machine (PostgreSQL too when it is not the embedded one). */
        otherCoresDuringBurst:
          burstWindow.machineBusyMs === null || burstWindow.serverCpuMs === null
            ? null
            : round(
                (burstWindow.machineBusyMs - burstWindow.serverCpuMs - burstWindow.loadGeneratorCpuMs - (burstWindow.postgresCpuMs ?? 0)) /
                  burstWindow.wallMs,
                2,
              ),
        peakRssMiB: rssMiB,
      },
      serverExit: exit,
      targets: {
        loginsPerSecond: { target: round(loginTarget, 2), measured: round(logins.perSecond, 2), met: logins.perSecond >= loginTarget },
        cheapP99DuringBurstMs: { target: cheapP99Target, measured: cheapDuringBurst.latencyMs.p99, met: cheapDuringBurst.latencyMs.p99 < cheapP99Target },
        noErrors: {
          met: [logins, cheapDuringBurst, baseline].every((r) => r.non2xx === 0 && r.graphqlErrors === 0 && r.errors === 0),
        },
      },
    };

    await fs.mkdir(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `login-burst-${report.date.slice(0, 19).replace(/:/g, '-')}Z.json`);
    await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    printReport(report, path.relative(ROOT, file));
    return report.targets.noErrors.met ? 0 : 1;
  } catch (error) {
    clearTimeout(watchdog);
    progress(`failed: ${error.stack ?? error}`);
    await cleanup().catch((cleanupError) => progress(`cleanup failed: ${cleanupError.message}`));
    return 1;
  }
}

function printReport(r, file) {
  const t = r.targets;
  const yes = (met) => (met ? 'met' : 'MISSED');
  const ms = (v) => (v === null || v === undefined ? 'n/a' : `${v} ms`);
  const errs = (x) => `${x.non2xx} non-2xx, ${x.graphqlErrors} GraphQL errors, ${x.errors} socket errors (${x.timeouts} timeouts)`;
  const rows = [
    ['machine', `${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}, ${r.machine.database}`],
    ['t_compare (bcrypt cost 12, alone)', `${r.tCompareMs} ms (samples ${r.tCompareSamplesMs.join(', ')})`],
    ['logins/s', `${r.login.perSecond} (${r.login.ok} in ${r.login.durationS} s, ${r.settings.loginConnections} connections)`],
    ['login latency p50 / p99', `${ms(r.login.latencyMs.p50)} / ${ms(r.login.latencyMs.p99)}`],
    ['login errors', errs(r.login)],
    [`cheap query baseline p50 / p99`, `${ms(r.cheapBaseline.latencyMs.p50)} / ${ms(r.cheapBaseline.latencyMs.p99)} (${r.cheapBaseline.perSecond} req/s)`],
    [`cheap query in burst p50 / p99`, `${ms(r.cheapDuringBurst.latencyMs.p50)} / ${ms(r.cheapDuringBurst.latencyMs.p99)} (${r.cheapDuringBurst.perSecond} req/s, max ${ms(r.cheapDuringBurst.latencyMs.max)})`],
    ['cheap query errors (baseline; burst)', `${errs(r.cheapBaseline)}; ${errs(r.cheapDuringBurst)}`],
    ['server CPU per request (burst; baseline)', `${ms(r.serverCpu.burstCpuMsPerRequest)}; ${ms(r.serverCpu.baselineCpuMsPerRequest)}`],
    [
      'server cores in burst: bcrypt (est.); rest',
      r.serverCpu.burstServerCores === null
        ? 'n/a'
        : `${r.serverCpu.bcryptCoresEstimate} (logins/s × t_compare); ${round(r.serverCpu.burstServerCores - r.serverCpu.bcryptCoresEstimate, 2)} (HTTP, GraphQL, Prisma, GC)`,
    ],
    [
      'cores used in burst',
      `server ${r.serverCpu.burstServerCores}, PostgreSQL ${r.serverCpu.postgresCoresDuringBurst ?? 'n/a'}, load generator ${r.serverCpu.loadGeneratorCoresDuringBurst}, other processes ${r.serverCpu.otherCoresDuringBurst} (machine ${r.serverCpu.machineBusyPercentDuringBurst}% busy)`,
    ],
    ['server peak RSS', r.serverCpu.peakRssMiB === null ? 'n/a' : `${r.serverCpu.peakRssMiB} MiB`],
    ['target logins/s ≥ 0.8 × cores × 1000 / t_compare', `${t.loginsPerSecond.target} → ${yes(t.loginsPerSecond.met)} (measured ${t.loginsPerSecond.measured}, ${round((100 * t.loginsPerSecond.measured) / t.loginsPerSecond.target, 0)}% of target)`],
    ['target cheap-query p99 in burst < 50 ms', `${yes(t.cheapP99DuringBurstMs.met)} (measured ${ms(t.cheapP99DuringBurstMs.measured)})`],
    ['no errors', yes(t.noErrors.met)],
  ];
  if (r.machine.backgroundBusyPercent !== null && r.machine.backgroundBusyPercent > 15) {
    rows.unshift([
      'WARNING',
      `the machine was ${r.machine.backgroundBusyPercent}% busy before the run (load ${r.machine.loadAverage1m}): other work skews these figures; rerun on an idle machine`,
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\nLogin burst — cheap query: ${r.settings.cheapQuery}\n`);
  for (const [key, value] of rows) process.stdout.write(`  ${key.padEnd(width)}  ${value}\n`);
  process.stdout.write(`\nwritten: ${file}\n`);
}

process.exitCode = await main();
