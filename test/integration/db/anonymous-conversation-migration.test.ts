/**
 * The migration that keys anonymous conversations per post re-keys the conversations made
 * under the old per-writer key: on a database migrated up to the migration before it, with a
 * writer's two anonymous-post conversations of the old shape, applying it gives each its
 * post's key and leaves named conversations alone.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { applyMigrations, readMigrations } from '../../../src/db/migrations';
import { unique } from '../../helpers/factories';
import { query } from '../../helpers/sql';
import { databaseUrl, ENV_ADMIN_URL } from '../../setup/test-database';

const MIGRATION = '20261204012000_moderation_suspension_anonymity';
const adminUrl = process.env[ENV_ADMIN_URL]!;
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe(MIGRATION, () => {
  it('re-keys old per-writer anonymous conversations by their post, and keeps named ones', async () => {
    const name = unique('mig').replace(/-/g, '_');
    await query(adminUrl, `CREATE DATABASE "${name}"`);
    created.push(name);
    const url = databaseUrl(adminUrl, name);
    const migrations = await readMigrations();
    const index = migrations.findIndex((m) => m.name === MIGRATION);
    expect(index).toBeGreaterThan(0);
    await applyMigrations(url, undefined, migrations.slice(0, index));

    const [school, board, writer, reader, post1, post2] = [randomUUID(), randomUUID(), 'a-writer', 'b-reader', randomUUID(), randomUUID()];
    await query(url, `INSERT INTO schools (id, name, region) VALUES ($1, 's', 'r')`, [school]);
    await query(url, `INSERT INTO boards (id, school_id, name, category, updated_at) VALUES ($1, $2, 'b', 'FREE', now())`, [board, school]);
    for (const id of [writer, reader]) await query(url, `INSERT INTO users (id, nickname, updated_at) VALUES ($1, $1, now())`, [id]);
    for (const id of [post1, post2]) {
      await query(url, `INSERT INTO posts (id, board_id, author_id, title, content, is_anonymous, updated_at) VALUES ($1, $2, $3, 't', 'c', true, now())`, [id, board, writer]);
    }
    // The old shape: one anonymous conversation per (pair, writer), opened from post1; and the pair's named one.
    await query(url, `INSERT INTO conversations (id, user_low_id, user_high_id, post_id, anonymous_user_id, context_key) VALUES ('anon', $1, $2, $3, $1, $1)`, [writer, reader, post1]);
    await query(url, `INSERT INTO conversations (id, user_low_id, user_high_id, context_key) VALUES ('named', $1, $2, '')`, [writer, reader]);

    await applyMigrations(url, undefined, migrations.slice(0, index + 1));

    const rows = await query<{ id: string; context_key: string; anonymous_name: string | null }>(url, `SELECT id, context_key, anonymous_name FROM conversations ORDER BY id`);
    expect(rows).toEqual([
      { id: 'anon', context_key: `post:${post1}`, anonymous_name: '익명' },
      { id: 'named', context_key: '', anonymous_name: null },
    ]);
    // A conversation about the writer's other anonymous post is now a different one.
    await query(url, `INSERT INTO conversations (id, user_low_id, user_high_id, post_id, anonymous_user_id, context_key) VALUES ('anon2', $1, $2, $3, $1, $4)`, [writer, reader, post2, `post:${post2}`]);
    expect((await query(url, `SELECT count(*)::int AS n FROM conversations`))[0]).toEqual({ n: 3 });
  });
});
