/**
 * Shared by bench/run.mjs and bench/login-burst.mjs: paths and knobs, free ports, /proc
 * readings (CPU, peak RSS, machine load), and the compiled server as a child process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
export const BCRYPT_COST = 12;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An integer knob from the environment: `fallback` when unset or empty, else within [min, max]. */
export const intEnv = (name, fallback, min, max) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, all threads) of a process in ms, or null off Linux. */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Peak resident memory of a process in MiB, or null off Linux. */
export function peakRssMiB(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Machine-wide busy and total jiffies (all cores), or null off Linux. */
export function machineCpu() {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - values[3] - values[4], total };
  } catch {
    return null;
  }
}

/**
 * Share of the machine busy over `ms` before anything starts: other work skews every figure.
 * `rounded`: to one decimal (the suite's report); otherwise the raw percentage (login burst).
 */
export async function backgroundLoad(ms = 1_000, { rounded = false } = {}) {
  const before = machineCpu();
  await sleep(ms);
  const after = machineCpu();
  if (!before || !after) return null;
  return rounded
    ? Math.round((1000 * (after.busy - before.busy)) / (after.total - before.total)) / 10
    : (100 * (after.busy - before.busy)) / (after.total - before.total);
}

/** The Node flags `npm start` gives the server (package.json's start script), so the benchmark measures that. */
export function startFlags() {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const match = /\bnode ((?:--[\w-]+(?:=\S+)? )*)dist\/src\/main\.js/.exec(scripts.start);
  if (!match) throw new Error(`package.json's start script does not run "node [flags] dist/src/main.js": ${scripts.start}`);
  return match[1].trim().split(/\s+/).filter(Boolean);
}

/** `node <start flags> dist/src/main.js` (with --cpu-prof into bench/results/profiles when `cpuProf`), output kept (last 20 kB). */
export function startServer(env, { cpuProf = false } = {}) {
  const profile = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(RESULTS_DIR, 'profiles')] : [];
  const args = [...startFlags(), ...profile, 'dist/src/main.js'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exitedEarly = null;
  void exited.then((status) => (exitedEarly = status));
  return { child, exited, output: () => output, exitedEarly: () => exitedEarly };
}

export async function waitReady(baseUrl, server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const early = server.exitedEarly();
    if (early) throw new Error(`the server exited (${JSON.stringify(early)}) before it was ready:\n${server.output()}`);
    try {
      const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${server.output()}`);
}

/** SIGTERM, then SIGKILL after `timeoutMs`; `log` reports the kill (each script's own progress line). */
export async function stopServer(server, { log, timeoutMs = 20_000 }) {
  if (server.exitedEarly()) return server.exitedEarly();
  server.child.kill('SIGTERM');
  const result = await Promise.race([server.exited, sleep(timeoutMs).then(() => 'timeout')]);
  if (result === 'timeout') {
    log('server did not stop within 20 s after SIGTERM; killing it');
    server.child.kill('SIGKILL');
    return server.exited;
  }
  return result;
}

/** The machine a report ran on: cores, CPU, memory, Node, platform, database, and the load before the run. */
export function machineReport({ embedded, loadAverage, backgroundBusyPercent }) {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((10 * os.totalmem()) / 2 ** 30) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    database: embedded ? 'embedded PostgreSQL' : "DATABASE_URL's server",
    loadAverage,
    backgroundBusyPercent,
  };
}
