#!/usr/bin/env node
/**
 * Realtime scale-out scenario: `npm run bench:subscriptions` (builds first; this file imports
 * the compiled project from dist/). Needs Redis at BENCH_REDIS_URL (default
 * redis://127.0.0.1:6379).
 *
 * A fresh database `campus_bench_ws` (on DATABASE_URL's server, else an embedded PostgreSQL in
 * .data/bench-ws), two production servers (`node dist/src/main.js`) sharing it and Redis, and
 * BENCH_WS_SOCKETS subscribers (default 500), one account each, half on each instance, each
 * with `messageReceived` open over graphql-ws. Accounts and sessions are written directly and
 * their access tokens minted with the servers' secret (signing in 500 accounts through bcrypt
 * would measure bcrypt). Then a burst: one sender sends every subscriber a message through
 * instance A (BENCH_WS_CONCURRENCY requests at a time, default 8), so half of the deliveries
 * cross Redis to instance B.
 *
 * Reported: delivery latency (request sent → event received) p50/p99/max, split by instance,
 * events lost, and memory per socket: each server's RSS and V8 heap (from
 * bench/lib/heap-probe.cjs) once warm, before the sockets, against after they are open and
 * subscribed, divided by its sockets. Writes bench/results/subscriptions-<date>.json.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { openDatabaseServer } from './lib/database.mjs';
import { graphql } from './lib/http.mjs';
import { RESULTS_DIR, ROOT, freePort, intEnv, sleep, startServer, stopServer, waitReady } from './lib/process.mjs';

const require = createRequire(import.meta.url);
const { AccessTokens } = require(path.join(ROOT, 'dist/src/auth/tokens.js'));
const { loadConfig } = require(path.join(ROOT, 'dist/src/config.js'));

const SOCKETS = intEnv('BENCH_WS_SOCKETS', 500, 2, 20_000);
// Below the servers' pool (DATABASE_POOL_MAX, default 10): a wider burst measures the pool's
// queue (and Prisma's 2 s wait for a transaction's connection), not delivery.
const CONCURRENCY = intEnv('BENCH_WS_CONCURRENCY', 8, 1, 500);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE = 'campus_bench_ws';
const SEND = 'mutation SendMessage($i: SendMessageInput!) { sendMessage(input: $i) { id } }';
const SUBSCRIBE = 'subscription MessageReceived { messageReceived { id content conversation { unreadCount } } }';

const started = performance.now();
const log = (message) => process.stderr.write(`[bench:subscriptions ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
const mib = (bytes) => Math.round((10 * bytes) / 2 ** 20) / 10;
const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(10 * sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) / 10;
};

/** The server's RSS and V8 heap: RSS from /proc, heap from the probe's file. */
async function memoryOf(server, heapFile) {
  const status = await fs.readFile(`/proc/${server.child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  let heapUsed = null;
  try {
    heapUsed = JSON.parse(await fs.readFile(heapFile, 'utf8')).heapUsed;
  } catch {
    // the probe writes every second; a missing file leaves the heap unknown
  }
  return { rss: rssKb * 1024, heapUsed };
}

async function main() {
  const database = await openDatabaseServer({ log, database: DATABASE, dataDir: 'bench-ws' });
  const servers = [];
  const clients = [];
  const heapFiles = [];
  try {
    log(`database ${database.embedded ? 'embedded' : 'from DATABASE_URL'}; migrating ${DATABASE}`);
    await database.recreate();
    const secret = randomBytes(48).toString('base64');
    const ports = [await freePort(), await freePort()];
    heapFiles.push(...ports.map((port) => path.join(RESULTS_DIR, `.heap-ws-${port}.json`)));
    const baseEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      // The benchmark's servers send no mail and keep no uploads (both would need services it does not start).
      MAIL_TRANSPORT: 'log',
      STORAGE_DRIVER: 'local',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      REDIS_URL,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'http://localhost',
      RATE_LIMIT_MESSAGES_PER_USER: String(SOCKETS * 4),
      RATE_LIMIT_OPERATIONS_PER_USER: String(SOCKETS * 4),
      WS_MAX_SUBSCRIPTIONS_PER_USER: '10',
    };
    for (const [i, port] of ports.entries()) {
      const env = { ...baseEnv, PORT: String(port), NODE_OPTIONS: `--require ${path.join(ROOT, 'bench/lib/heap-probe.cjs')}`, BENCH_HEAP_PROBE_FILE: heapFiles[i] };
      servers.push(startServer(env));
    }
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all(urls.map((url, i) => waitReady(url, servers[i])));
    log(`two servers ready on ${ports.join(' and ')}`);

    // Accounts and live sessions, written directly; tokens minted as the servers would.
    const config = loadConfig({ NODE_ENV: 'production', MAIL_TRANSPORT: 'log', STORAGE_DRIVER: 'local', DATABASE_URL: database.url, JWT_SECRET: secret });
    const tokens = new AccessTokens(config.auth);
    const db = new pg.Client({ connectionString: database.url, application_name: 'campus-bench-ws' });
    await db.connect();
    const accounts = Array.from({ length: SOCKETS + 1 }, (_, i) => ({ id: randomUUID(), sessionId: randomUUID(), name: `ws_${i}` }));
    await db.query(
      `INSERT INTO users (id, email, username, username_key, nickname, password_hash, email_verified_at, created_at, updated_at)
       SELECT id, name || '@example.com', name, name, name, NULL, now(), now(), now() FROM jsonb_to_recordset($1::jsonb) AS a(id text, name text)`,
      [JSON.stringify(accounts)],
    );
    await db.query(
      `INSERT INTO sessions (id, user_id, expires_at) SELECT "sessionId", id, now() + interval '1 day' FROM jsonb_to_recordset($1::jsonb) AS a(id text, "sessionId" text)`,
      [JSON.stringify(accounts)],
    );
    // A live refresh token per session, as a sign-in leaves: the servers' housekeeping deletes
    // sessions without one (10 s after start), which would end these sessions mid-burst.
    await db.query(
      `INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at)
       SELECT gen_random_uuid()::text, "sessionId", encode(sha256(gen_random_uuid()::text::bytea), 'hex'), now() + interval '1 day'
       FROM jsonb_to_recordset($1::jsonb) AS a("sessionId" text)`,
      [JSON.stringify(accounts)],
    );
    await db.end();
    for (const account of accounts) account.token = tokens.sign({ userId: account.id, sessionId: account.sessionId, role: 'USER' }).token;
    const [sender, ...subscribers] = accounts;

    await sleep(2000);
    const before = await Promise.all(servers.map((server, i) => memoryOf(server, heapFiles[i])));

    log(`opening ${SOCKETS} sockets`);
    const received = new Map();
    const expected = new Map();
    let subscribed = 0;
    await Promise.all(
      subscribers.map(
        (account, i) =>
          new Promise((resolve, reject) => {
            const instance = i % 2;
            const client = createClient({ url: `${urls[instance].replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${account.token}` }, lazy: false, retryAttempts: 0, onNonLazyError: reject });
            clients.push(client);
            client.subscribe(
              { query: SUBSCRIBE },
              {
                next: (result) => {
                  const sentAt = expected.get(account.id);
                  if (result.data && sentAt !== undefined) received.set(account.id, { instance, ms: performance.now() - sentAt });
                },
                error: reject,
                complete: () => undefined,
              },
            );
            // graphql-ws acknowledges the subscribe only by the first event: give the server a moment per batch.
            client.on('connected', () => {
              subscribed += 1;
              resolve();
            });
          }),
      ),
    );
    await sleep(1500);
    const after = await Promise.all(servers.map((server, i) => memoryOf(server, heapFiles[i])));
    log(`${subscribed} sockets connected; burst of ${SOCKETS} messages through instance A`);

    const queue = [...subscribers];
    let failures = 0;
    const burstStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let account = queue.shift(); account; account = queue.shift()) {
          expected.set(account.id, performance.now());
          await graphql(urls[0], SEND, { i: { recipientId: account.id, content: 'burst' } }, { authorization: `Bearer ${sender.token}` }, { maxErrorChars: 500 }).catch((error) => {
            failures += 1;
            if (failures <= 3) log(error.message);
          });
        }
      }),
    );
    const burstMs = performance.now() - burstStarted;
    const deadline = Date.now() + 10_000;
    while (received.size < SOCKETS - failures && Date.now() < deadline) await sleep(50);

    const latencies = [...received.values()];
    const byInstance = (instance) => latencies.filter((l) => l.instance === instance).map((l) => l.ms);
    const all = latencies.map((l) => l.ms);
    const perSocket = (i, key) => (after[i][key] !== null && before[i][key] !== null ? Math.round((after[i][key] - before[i][key]) / (SOCKETS / 2)) : null);
    const report = {
      date: new Date().toISOString(),
      sockets: SOCKETS,
      concurrency: CONCURRENCY,
      burst: { messages: SOCKETS, failures, seconds: Math.round(burstMs) / 1000 },
      delivered: received.size,
      lost: SOCKETS - failures - received.size,
      latencyMs: {
        all: { p50: percentile(all, 50), p99: percentile(all, 99), max: percentile(all, 100) },
        sameInstanceA: { p50: percentile(byInstance(0), 50), p99: percentile(byInstance(0), 99) },
        acrossRedisB: { p50: percentile(byInstance(1), 50), p99: percentile(byInstance(1), 99) },
      },
      memoryPerSocketBytes: {
        A: { rss: perSocket(0, 'rss'), heapUsed: perSocket(0, 'heapUsed') },
        B: { rss: perSocket(1, 'rss'), heapUsed: perSocket(1, 'heapUsed') },
      },
      serversMiB: servers.map((_, i) => ({ rssBefore: mib(before[i].rss), rssAfter: mib(after[i].rss) })),
    };
    console.log(JSON.stringify(report, null, 2));
    await fs.mkdir(RESULTS_DIR, { recursive: true });
    await fs.writeFile(path.join(RESULTS_DIR, `subscriptions-${report.date.slice(0, 10)}.json`), `${JSON.stringify(report, null, 2)}\n`);
    if (report.lost > 0 || failures > 0) process.exitCode = 1;
  } finally {
    await Promise.allSettled(clients.map((client) => client.dispose()));
    await Promise.allSettled(servers.map((server) => stopServer(server, { log })));
    await Promise.allSettled(heapFiles.map((file) => fs.rm(file, { force: true })));
    await database.drop();
    await database.stop();
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});
