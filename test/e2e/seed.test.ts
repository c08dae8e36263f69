/**
 * `npm run db:seed` (the compiled script, built by `npm test` first) on a fresh database:
 * demo users can sign in and see a community with Korean posts, anonymous names and replies.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../../src/db/migrations';
import { unique } from '../helpers/factories';
import { exec } from '../helpers/graphql';
import { run } from '../helpers/run';
import { query } from '../helpers/sql';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { testConfig } from '../helpers/test-config';
import { databaseUrl, ENV_ADMIN_URL } from '../setup/test-database';

const SEED = path.resolve(__dirname, '..', '..', 'dist', 'prisma', 'seed.js');
const adminUrl = process.env[ENV_ADMIN_URL]!;
const name = unique('seed').replace(/-/g, '_');
const url = databaseUrl(adminUrl, name);

let app: TestApp;
beforeAll(async () => {
  if (!existsSync(SEED)) throw new Error('dist/prisma/seed.js is missing: run `npm test` (it builds first) or `npm run build`.');
  await query(adminUrl, `CREATE DATABASE "${name}"`);
  await applyMigrations(url);
});
afterAll(async () => {
  await app?.stop();
  await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

function seed() {
  return run(process.execPath, [SEED], { env: { PATH: process.env.PATH, DATABASE_URL: url, BCRYPT_COST: '4', LOG_LEVEL: 'warn', DATA_DIR: path.join(__dirname, '..', '..', '.data', 'seed-test') } });
}

describe('npm run db:seed', () => {
  it('creates demo accounts and a community, prints the demo credentials, and changes nothing when run again', async () => {
    const first = await seed();
    const second = await seed();
    app = await createTestApp(testConfig({ DATABASE_URL: url }));

    expect(first.code).toBe(0);
    expect(first.stdout).toContain('campus-demo-1234');
    expect(second.code).toBe(0);
    expect(await app.db.user.count()).toBe(5);
    const login = (await exec(app, 'mutation { login(input: { login: "minji", password: "campus-demo-1234" }) { accessToken user { emailVerified school { id } } } }')).expectData().login;
    // Demo accounts are verified: their e-mail, and membership of their school.
    expect(login.user).toMatchObject({ emailVerified: true, school: { id: expect.any(String) } });
    const boards = (await exec(app, 'query($s: ID!) { boards(schoolId: $s) { edges { node { id name posts(first: 5) { edges { node { title authorDisplayName comments { edges { node { authorDisplayName replies { totalCount } } } } } } } } } } }', { s: login.user.school.id }, { token: login.accessToken })).expectData();
    const posts = boards.boards.edges.flatMap((b: { node: { posts: { edges: { node: { title: string; authorDisplayName: string; comments: { edges: { node: { authorDisplayName: string } }[] } } }[] } } }) => b.node.posts.edges.map((e) => e.node));
    expect(posts.map((p: { title: string }) => p.title)).toContain('파이썬 스터디 모집합니다');
    const secret = posts.find((p: { title: string }) => p.title === '시험 기간인데 잠이 안 와요');
    expect(secret.authorDisplayName).toBe('익명');
    expect(secret.comments.edges.map((e: { node: { authorDisplayName: string } }) => e.node.authorDisplayName)).toEqual(['익명1', '글쓴이', '익명2']);
    // The seed dates tasks by UTC calendar day, so ask in UTC.
    const work = (await exec(app, 'query { projects { edges { node { name taskCount doneTaskCount } } } tasks(filter: { dueToday: true }, timeZone: "UTC") { totalCount } }', {}, { token: login.accessToken })).expectData();
    expect(work.projects.edges.map((e: { node: { name: string } }) => e.node.name).sort()).toEqual(['자료구조 과제', '졸업 프로젝트']);
    expect(work.tasks.totalCount).toBe(1);
    const timetable = (await exec(app, 'query { myTimetables(semester: "2026-1") { totalCredits lectures { code } } friends { edges { node { user { nickname } primaryTimetable(semester: "2026-1") { lectures { code } } } } } }', {}, { token: login.accessToken })).expectData();
    expect(timetable.myTimetables[0].lectures).toHaveLength(5);
    expect(timetable.friends.edges.map((e: { node: { user: { nickname: string }; primaryTimetable: { lectures: unknown[] } } }) => [e.node.user.nickname, e.node.primaryTimetable.lectures.length])).toEqual([['준호', 4]]);
    // Two seed runs (each importing the sample lecture catalogue) on a busy 2-core machine.
  }, 90_000);
});
