/**
 * Whether the tests' Redis answers, decided once per test file before its suites are declared
 * (Jest has no asynchronous describe, hence the short synchronous probe in a child process).
 * Without Redis the suites that need it are skipped with one line on stderr; with
 * CAMPUS_TESTS_REQUIRE_REDIS=1 (CI) a missing Redis fails them instead.
 *
 * (A shared helper for this is being written on another branch; this one is deliberately
 * small so that the two can be merged into one.)
 */
import { spawnSync } from 'node:child_process';
import { describe, it } from '@jest/globals';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

let answers: boolean | undefined;
let announced = false;

function redisAnswers(url: string): boolean {
  answers ??= probe(url);
  return answers;
}

function probe(url: string): boolean {
  const { port, hostname } = new URL(url);
  const script = `
    const socket = require('node:net').connect(${Number(port) || 6379}, ${JSON.stringify(hostname)});
    socket.setTimeout(1500, () => process.exit(1));
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));
    socket.on('error', () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', script], { timeout: 3000 }).status === 0;
}

/** `describe` when Redis answers; otherwise a skipped suite (or, when Redis is required, a failing one). */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisAnswers(TEST_REDIS_URL)) return describe(name, body);
  // Read here, in the test helpers: the app's configuration never sees this variable.
  if (process.env.CAMPUS_TESTS_REQUIRE_REDIS === '1') {
    return describe(name, () => {
      it('needs Redis', () => {
        throw new Error(`Redis is required (CAMPUS_TESTS_REQUIRE_REDIS=1) but ${TEST_REDIS_URL} does not answer`);
      });
    });
  }
  // One line per test file, however many suites it skips.
  if (!announced) process.stderr.write(`Skipping the tests that need Redis in this file: nothing answers at ${TEST_REDIS_URL}\n`);
  announced = true;
  describe.skip(name, body);
}
