/**
 * The Redis-dependent tests skip with one clear line where no Redis answers, and fail
 * instead when CAMPUS_TESTS_REQUIRE_REDIS=1 (CI). Checked by running Jest on a fixture suite
 * against a port where nothing listens.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { redisAnswers } from '../helpers/redis-available';

const root = path.resolve(__dirname, '../..');
const base = require(path.join(root, 'jest.config.js')) as Record<string, unknown>;
const config = JSON.stringify({ ...base, globalSetup: undefined, globalTeardown: undefined, roots: ['<rootDir>/test/fixtures'], testMatch: ['**/needs-redis.fixture.ts'], maxWorkers: 1 });

/** A port with nothing listening: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runFixture(env: Record<string, string>) {
  const { CAMPUS_TESTS_REQUIRE_REDIS: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--config', config, '--ci'], {
    cwd: root,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('tests that need Redis', () => {
  it('skip with one line saying how to run them when no Redis answers', async () => {
    const { status, stderr } = runFixture({ CAMPUS_TEST_REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });

    expect(status).toBe(0);
    expect(stderr.split('\n').filter((line) => line.includes('no Redis at'))).toEqual([
      expect.stringMatching(/^Skipping "with Redis": no Redis at redis:\/\/127\.0\.0\.1:\d+\. Start one .* to run it; CI sets CAMPUS_TESTS_REQUIRE_REDIS=1 to require it\.$/),
    ]);
    expect(stderr).toMatch(/Tests:\s+1 skipped, 1 passed, 2 total/);
  });

  it('fail instead of skipping when CAMPUS_TESTS_REQUIRE_REDIS=1', async () => {
    const { status, stderr } = runFixture({ CAMPUS_TEST_REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, CAMPUS_TESTS_REQUIRE_REDIS: '1' });

    expect(status).toBe(1);
    expect(stderr).toContain('CAMPUS_TESTS_REQUIRE_REDIS=1, but no Redis answers at redis://127.0.0.1:');
    expect(stderr).toMatch(/Tests:\s+1 failed, 1 passed, 2 total/);
  });

  (redisAnswers() ? it : it.skip)('run where Redis answers', () => {
    const { status, stderr } = runFixture({});

    expect(status).toBe(0);
    expect(stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  });
});
