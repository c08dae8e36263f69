/**
 * Graceful shutdown under load (docs/security.md I1, scenario 10): the compiled server (dist/, as
 * `npm start` runs it) takes SIGTERM in the middle of 20-connection traffic, reads and writes
 * mixed. Every write it acknowledged is in the database afterwards, no request it accepted
 * gets a 5xx, it exits 0 within the grace period, and leaves no connection behind.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestAccount } from '../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { TEST_JWT_SECRET, testConfig } from '../helpers/test-config';
import { createTestApp } from '../helpers/test-app';
import { freePort } from '../setup/global-setup';
import { workerDatabaseUrl } from '../setup/test-database';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');
const READERS = 15;
const WRITERS = 5;
const SHUTDOWN_GRACE_MS = 10_000;

const BOARD_PAGE = `query($id: ID!) { board(id: $id) { id posts(first: 20) { edges { node { id title comments(first: 10) { edges { node { id } } } } } } } }`;
const CREATE_POST = 'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }';

interface Outcome {
  kind: 'read' | 'write';
  status?: number;
  /** The created post, when a write was acknowledged (200 with data). */
  postId?: string;
  /** When the response arrived, ms since epoch; undefined when the request failed on the network. */
  answeredAt?: number;
}

describe('SIGTERM under load', () => {
  it('loses no acknowledged write, answers no 5xx, and exits cleanly', async () => {
    if (!existsSync(MAIN)) throw new Error('dist/src/main.js is missing: run `npm test` (it builds first) or `npm run build`.');
    // Fixtures through an in-process app on the same database, closed before the server starts.
    const fixtures = await createTestApp(testConfig());
    const schoolId = (await createCommunitySchool(fixtures.db)).id;
    const boardId = (await createBoard(fixtures.db, { schoolId })).id;
    const writers: TestAccount[] = [];
    for (let i = 0; i < WRITERS; i++) writers.push(await member(fixtures, schoolId));
    const reader = await member(fixtures, schoolId);
    await fixtures.stop();

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: workerDatabaseUrl(),
        JWT_SECRET: TEST_JWT_SECRET,
        BCRYPT_COST: '4',
        SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!output.includes('GraphQL API ready')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const outcomes: Outcome[] = [];
    let serverGone = false;
    const send = async (kind: Outcome['kind'], token: string, query: string, variables: Record<string, unknown>): Promise<void> => {
      try {
        const response = await fetch(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: { createPost?: { id: string } } };
        outcomes.push({ kind, status: response.status, postId: body.data?.createPost?.id, answeredAt: Date.now() });
      } catch {
        // Refused or reset: never answered, so never acknowledged. The server is going away.
        outcomes.push({ kind });
        serverGone = true;
      }
    };
    const loop = async (kind: Outcome['kind'], token: string, index: number) => {
      for (let n = 0; !serverGone && n < 10_000; n++) {
        if (kind === 'read') await send(kind, token, BOARD_PAGE, { id: boardId });
        else await send(kind, token, CREATE_POST, { input: { boardId, title: `부하 ${index}-${n}`, content: '본문', isAnonymous: false } });
      }
    };
    const traffic = Promise.all([
      ...Array.from({ length: READERS }, (_, i) => loop('read', reader.accessToken, i)),
      ...writers.map((writer, i) => loop('write', writer.accessToken, i)),
    ]);

    // Signal once traffic is flowing: two acknowledged writes per writer (a loaded machine is slower).
    const acknowledgedSoFar = () => outcomes.filter((o) => o.postId).length;
    const flowing = Date.now() + 20_000;
    while (acknowledgedSoFar() < 2 * WRITERS && Date.now() < flowing) await new Promise((resolve) => setTimeout(resolve, 50));
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const exitedAfterMs = Date.now() - signalledAt;
    await traffic;

    const answered = outcomes.filter((o) => o.status !== undefined);
    const acknowledged = outcomes.filter((o) => o.postId).map((o) => o.postId!);
    const admin = new pg.Client({ connectionString: workerDatabaseUrl() });
    await admin.connect();
    try {
      const stored = await admin.query<{ id: string }>('SELECT id FROM posts WHERE id = ANY($1)', [acknowledged]);
      const leftover = await admin.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'campus-api'",
      );

      expect(code).toBe(0);
      expect(exitedAfterMs).toBeLessThan(SHUTDOWN_GRACE_MS + 2000);
      expect(output).toContain('stopped');
      expect(answered.filter((o) => o.status! >= 500)).toEqual([]);
      expect(answered.filter((o) => o.kind === 'read').length).toBeGreaterThanOrEqual(READERS);
      expect(acknowledged.length).toBeGreaterThanOrEqual(2 * WRITERS);
      // Requests in flight at SIGTERM were finished and answered, not dropped.
      expect(answered.filter((o) => o.answeredAt! > signalledAt).length).toBeGreaterThan(0);
      expect(stored.rows.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
      expect(leftover.rows[0].n).toBe(0);
    } finally {
      await admin.end();
    }
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
  }, 60_000);
});
