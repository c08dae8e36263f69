/**
 * Tests that need a real Redis (several app instances sharing one) run where one answers at
 * REDIS_URL and are skipped elsewhere with one line saying how to run them, so that `npm
 * test` needs nothing but PostgreSQL. With CAMPUS_TESTS_REQUIRE_REDIS=1 (set by .ci/run,
 * whose machines have Redis) a missing Redis fails those tests instead.
 *
 * Jest decides what to skip while it collects tests, synchronously: a short child process
 * sends PING and waits for +PONG, once per test file. The limits are generous: on a busy
 * machine starting Node alone took 1.5 s, and a refused connection answers at once anyway.
 */
import { spawnSync } from 'node:child_process';
import { describe, it } from '@jest/globals';

/** The machine's Redis; CAMPUS_TEST_REDIS_URL points the tests elsewhere. */
export const REDIS_URL = process.env.CAMPUS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

const PING = `
const socket = require('node:net').connect(Number(process.argv[2]), process.argv[1]);
socket.setTimeout(5000, () => process.exit(1));
socket.on('connect', () => socket.write('PING\\r\\n'));
socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));
socket.on('error', () => process.exit(1));
`;

let answered: boolean | undefined;

/** Whether a Redis answers PING at REDIS_URL (checked once per test file). */
export function redisAnswers(): boolean {
  if (answered === undefined) {
    const { hostname, port } = new URL(REDIS_URL);
    answered = spawnSync(process.execPath, ['-e', PING, hostname, port || '6379'], { timeout: 15_000, stdio: 'ignore' }).status === 0;
  }
  return answered;
}

/** Whether this run must have Redis (CI): then a missing one fails instead of skipping. */
export function redisRequired(): boolean {
  return process.env.CAMPUS_TESTS_REQUIRE_REDIS === '1';
}

/**
 * `describe` for tests that need Redis: run when it answers; otherwise skipped with one line
 * on stderr, or, when CAMPUS_TESTS_REQUIRE_REDIS=1, replaced by one failing test.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisAnswers()) {
    describe(name, body);
  } else if (redisRequired()) {
    describe(name, () => {
      it('reaches Redis', () => {
        throw new Error(`CAMPUS_TESTS_REQUIRE_REDIS=1, but no Redis answers at ${REDIS_URL}. Start one (e.g. \`redis-server\` or \`docker run -p 6379:6379 redis:7\`).`);
      });
    });
  } else {
    process.stderr.write(`Skipping "${name}": no Redis at ${REDIS_URL}. Start one (e.g. \`redis-server\`) to run it; CI sets CAMPUS_TESTS_REQUIRE_REDIS=1 to require it.\n`);
    describe.skip(name, body);
  }
}
