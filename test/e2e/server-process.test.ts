/**
 * `npm start` as a user runs it: the compiled server (dist/, built by `npm test` first) on
 * the embedded PostgreSQL, with no DATABASE_URL (or an empty one, as .env files have). Covers
 * first start (with its hint to seed an empty database), a second start while one runs,
 * SIGTERM, SIGINT and SIGHUP (the terminal closed), and data surviving a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../setup/global-setup';
import { workerDatabaseUrl } from '../setup/test-database';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');

interface Server {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function startServer(env: NodeJS.ProcessEnv): Server {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(server: Server, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes(text)) {
    if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`server never printed "${text}":\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let dataDir: string;
let env: NodeJS.ProcessEnv;
let baseUrl: string;
beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('dist/src/main.js is missing: run `npm test` (it builds first) or `npm run build`.');
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'campus-start-'));
  await fs.chmod(dataDir, 0o755);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  env = {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_DATABASE_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
});
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function schoolNames(): Promise<string[]> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ schools { name } }' }),
  });
  const body = (await response.json()) as { data: { schools: { name: string }[] } };
  return body.data.schools.map((s) => s.name);
}

const SEED_HINT = 'The database has no schools yet, so the community examples find nothing: run `npm run db:seed`';

describe('npm start without DATABASE_URL', () => {
  it('serves on the embedded database, refuses a second start, stops cleanly on SIGTERM, SIGINT and SIGHUP and keeps its data', async () => {
    // Set but empty, as in many .env files: the same as unset.
    const first = startServer({ ...env, DATABASE_URL: '' });
    await waitFor(first, SEED_HINT);
    expect(first.output()).toContain(`data kept in ${path.join(dataDir, 'postgres')}`);
    expect(first.output()).toContain('set DATABASE_URL=');
    expect(await schoolNames()).toEqual([]);

    const { password } = JSON.parse(await fs.readFile(path.join(dataDir, 'postgres.json'), 'utf8')) as { password: string };
    const db = new pg.Client({ host: '127.0.0.1', port: Number(env.EMBEDDED_DATABASE_PORT), user: 'postgres', password, database: 'campus' });
    await db.connect();
    await db.query("INSERT INTO schools (id, name, region) VALUES ('s-1', '지속대학교', '서울')");
    await db.end();

    const second = startServer(env);
    const secondCode = await second.exited;
    expect(secondCode).toBe(1);
    expect(second.output()).toMatch(/in use by another process \(pid \d+\)/);
    expect(second.output()).not.toMatch(/\n\s+at /);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped');
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();

    const restarted = startServer(env);
    await waitFor(restarted, 'GraphQL API ready');
    expect(await schoolNames()).toEqual(['지속대학교']);
    restarted.child.kill('SIGINT');
    expect(await restarted.exited).toBe(0);
    expect(restarted.output()).not.toContain(SEED_HINT);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const hungUp = startServer(env);
    await waitFor(hungUp, 'GraphQL API ready');
    hungUp.child.kill('SIGHUP');
    expect(await hungUp.exited).toBe(0);
    expect(hungUp.output()).toContain('"signal":"SIGHUP"');
    expect(hungUp.output()).toContain('stopped');
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
  }, 180_000);
});

describe('npm start with DATABASE_URL', () => {
  it('uses that database, starts no embedded server, and explains a busy port', async () => {
    const ownDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'campus-url-'));
    const withUrl = { ...env, DATA_DIR: ownDataDir, DATABASE_URL: workerDatabaseUrl(), PORT: String(await freePort()) };
    try {
      const server = startServer(withUrl);
      await waitFor(server, 'GraphQL API ready');
      expect(server.output()).toContain('using the database from DATABASE_URL');
      expect(existsSync(path.join(ownDataDir, 'postgres'))).toBe(false);

      const second = startServer(withUrl);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`Port ${withUrl.PORT} is already in use`);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await fs.rm(ownDataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
