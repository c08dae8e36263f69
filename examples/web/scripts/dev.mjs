/**
 * `npm run example:web` (from the repository root, after its `npm run build`): the API and
 * this app's dev server together.
 *
 * 1. Seeds the demo data (`dist/prisma/seed.js`: the embedded PostgreSQL when DATABASE_URL is
 *    unset; nothing changes when the demo accounts exist already).
 * 2. Starts the API (`dist/src/main.js`) with the refresh cookie on (the app keeps its
 *    refresh token there) and waits until GET /ready answers. Upload and image links name
 *    http://localhost:PORT (MEDIA_PUBLIC_URL, unless set), an address the browser reaches
 *    whatever interface the API listens on.
 * 3. Starts Vite's dev server, which forwards /graphql to the API, and prints its URL.
 *
 * Ctrl-C (or SIGTERM) stops both; the API then stops its embedded PostgreSQL cleanly.
 * Settings: PORT (the API's, default 4000), WEB_PORT (the app's, default 5173), and every
 * other variable of the API's configuration (README, "Configuration").
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'vite';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(webRoot, '..', '..');
const apiPort = process.env.PORT ?? '4000';
const apiUrl = `http://localhost:${apiPort}`;
const READY_TIMEOUT_MS = 120_000;

function fail(message) {
  process.stderr.write(`example:web: ${message}\n`);
  process.exit(1);
}

/** Runs a Node script of the repository to completion, its output shown as it comes. */
function runNode(script, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: repoRoot, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.relative(repoRoot, script)} ended with ${signal ?? `code ${code}`}`))));
  });
}

async function waitUntilReady(api) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (api.exitCode !== null || api.signalCode !== null) throw new Error('the API stopped before it was ready (its log above says why)');
    const ready = await fetch(`${apiUrl}/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    await sleep(250);
  }
  throw new Error(`the API did not answer ${apiUrl}/ready within ${READY_TIMEOUT_MS / 1000} s`);
}

async function main() {
  const server = path.join(repoRoot, 'dist', 'src', 'main.js');
  const seed = path.join(repoRoot, 'dist', 'prisma', 'seed.js');
  if (!existsSync(server) || !existsSync(seed)) fail('the API is not built: run `npm run example:web` from the repository root (it builds first).');
  const env = { ...process.env, AUTH_REFRESH_COOKIE: 'true', MEDIA_PUBLIC_URL: process.env.MEDIA_PUBLIC_URL ?? apiUrl };

  await runNode(seed, env);

  const api = spawn(process.execPath, ['--max-semi-space-size=64', server], { cwd: repoRoot, env, stdio: 'inherit' });
  let web;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await web?.close().catch(() => undefined);
    if (api.exitCode === null && api.signalCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  api.on('exit', (code) => {
    if (!stopping) process.stderr.write(`example:web: the API stopped (code ${code}); stopping the app.\n`);
    void stop(code ?? 1);
  });

  await waitUntilReady(api);
  process.env.CAMPUS_API_URL = apiUrl; // read by vite.config.ts: where /graphql goes
  web = await createServer({ root: webRoot, configFile: path.join(webRoot, 'vite.config.ts') });
  await web.listen();
  const url = web.resolvedUrls?.local[0] ?? `http://localhost:${web.config.server.port}/`;
  process.stdout.write(
    `\nExample web app: ${url}\n` +
      `  API: ${apiUrl}/graphql (the app reaches it through ${url.replace(/\/$/, '')}/graphql)\n` +
      '  Sign in as minji (or junho, seoyeon, dohyun, admin) with the password campus-demo-1234.\n' +
      '  Ctrl-C stops both.\n\n',
  );
}

main().catch((error) => fail(error.message));
