#!/usr/bin/env node
/**
 * EXPLAIN ANALYZE of the fast path's statement for the suite's board page and feed, on the
 * suite's seed at BENCH_SCALE (default 1): `npm run build && node bench/explain-fast-path.mjs`.
 * For reading plans while tuning src/fast-path; not part of the measured suite.
 */
import { parse } from 'graphql';
import pg from 'pg';
import { createApp } from '../dist/src/app.js';
import { loadConfig } from '../dist/src/config.js';
import { FastPath } from '../dist/src/fast-path/fast-path.js';
import { createLogger } from '../dist/src/shared/logger.js';
import { openDatabaseServer } from './lib/database.mjs';
import { BOARD_PAGE, FEED, PROJECTS_WITH_TASKS } from './lib/documents.mjs';
import { ids, seed } from './lib/seed.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const db = await openDatabaseServer({ log: (m) => process.stderr.write(`${m}\n`), database: 'campus_explain' });
await db.recreate();
const data = await seed(db.url, { scale, passwordHash: 'x' });
const config = loadConfig({ ...process.env, NODE_ENV: 'development', JWT_SECRET: 'explain-only-secret-0123456789abcdef0123456789', DATABASE_URL: db.url, LOG_LEVEL: 'silent', MAIL_TRANSPORT: 'log', STORAGE_DRIVER: 'local', PASSWORD_WORKERS: '1' });
const app = await createApp(config, { logger: createLogger('silent') });
const fast = new FastPath(app.schema, app.db);
const owner = { id: ids().owner, role: 'USER', sessionId: 'x', schoolId: null, emailVerified: true, timeZone: null };
const viewer = { id: ids().viewer, role: 'USER', sessionId: 'x', schoolId: ids().school, emailVerified: true, timeZone: null };
const client = new pg.Client({ connectionString: db.url });
await client.connect();
for (const [name, query, variables, who] of [['boardPage', BOARD_PAGE, { id: data.ids.boards[0], first: 20 }, viewer], ['boardFeed', FEED, { schoolId: data.ids.school }, viewer], ['projectTasks', PROJECTS_WITH_TASKS, {}, owner]]) {
  const document = parse(query);
  const statement = fast.statement({ key: name, document, operation: document.definitions[0], variables, viewer: who }, who);
  await client.query('SET jit = off');
  const plan = await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ${statement.text}`, values: statement.values });
  process.stdout.write(`\n## ${name} (scale ${scale})\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
}
await client.end();
await app.stop();
await db.drop?.();
process.exit(0);
