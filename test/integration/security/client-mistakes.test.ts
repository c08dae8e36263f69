/**
 * Client mistakes that used to reach PostgreSQL and come back as INTERNAL_SERVER_ERROR:
 * forged cursors whose values have the wrong type or lie outside PostgreSQL's range, dates
 * outside years 1-9999, LIKE wildcards in searches, an empty time zone. Each must answer
 * BAD_USER_INPUT naming the field (or, for searches, match literally), and log nothing at
 * error level.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { createSchool, unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createProject, createTask } from '../../helpers/projects';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig());
});
afterAll(() => app.stop());

const cursor = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

/** Timestamps JavaScript accepts and PostgreSQL refuses, and values of the wrong type. */
const BAD_TIMESTAMPS = ['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00.000Z', 'not-a-date', '2026-02-31T00:00:00.000Z', 12, null, true];
const BAD_COUNTS = ['abc', 1e20, 1.5, -1e12, null, '1'];
const BAD_IDS = [1, null, false, 'a\u0000b', '\ud800'];

function errorLogs(): unknown[] {
  return app.logs.filter((line) => Number(line.level) >= 50);
}

function expectAfterRefused(result: Awaited<ReturnType<typeof exec>>) {
  const error = result.expectError('BAD_USER_INPUT');
  expect(error.extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
}

async function community() {
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const writer = await member(app, school.id);
  const post = (
    await exec(app, 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: writer.accessToken })
  ).expectData().createPost as { id: string };
  const comment = (
    await exec(app, 'mutation C($input: CreateCommentInput!) { createComment(input: $input) { id } }', { input: { postId: post.id, content: 'c', isAnonymous: false } }, { token: writer.accessToken })
  ).expectData().createComment as { id: string };
  return { school, board, writer, post, comment };
}

describe('forged cursors', () => {
  const POSTS = 'query($boardId: ID!, $after: String, $orderBy: PostOrder) { posts(boardId: $boardId, after: $after, orderBy: $orderBy) { totalCount } }';

  it('answers BAD_USER_INPUT naming `after` for posts cursors of the wrong type or range, in every order', async () => {
    const { board, writer } = await community();
    const cases: [Record<string, string> | null, unknown[]][] = [
      [null, BAD_TIMESTAMPS.map((at) => [at, 'x'])],
      [{ field: 'LIKE_COUNT', direction: 'DESC' }, BAD_COUNTS.map((n) => [n, 'x'])],
      [{ field: 'COMMENT_COUNT', direction: 'ASC' }, BAD_COUNTS.map((n) => [n, 'x'])],
      [null, BAD_IDS.map((id) => ['2026-01-01T00:00:00.000Z', id])],
    ];

    for (const [orderBy, cursors] of cases) {
      for (const values of cursors) {
        expectAfterRefused(await exec(app, POSTS, { boardId: board.id, after: cursor(values), orderBy }, { token: writer.accessToken }));
      }
    }
    expect(errorLogs()).toEqual([]);
  });

  it('answers BAD_USER_INPUT for forged cursors of Post.comments and Comment.replies', async () => {
    const { post, writer } = await community();
    const COMMENTS = 'query($id: ID!, $after: String) { post(id: $id) { comments(after: $after) { totalCount } } }';
    const REPLIES = 'query($id: ID!, $after: String) { post(id: $id) { comments { edges { node { replies(after: $after) { totalCount } } } } } }';

    for (const at of BAD_TIMESTAMPS) {
      expectAfterRefused(await exec(app, COMMENTS, { id: post.id, after: cursor([at, 'x']) }, { token: writer.accessToken }));
      expectAfterRefused(await exec(app, REPLIES, { id: post.id, after: cursor([at, 'x']) }, { token: writer.accessToken }));
    }
    expect(errorLogs()).toEqual([]);
  });

  it('answers BAD_USER_INPUT for out-of-range timestamps in myScraps, conversations, messages, projects and tasks', async () => {
    const { writer } = await community();
    const project = await createProject(app, writer.accessToken);
    await createTask(app, writer.accessToken, { projectId: project.id, dueDate: '2026-03-02' });
    const lists = [
      ['myScraps', 'query($after: String) { myScraps(after: $after) { totalCount } }', {}],
      ['conversations', 'query($after: String) { conversations(after: $after) { totalCount } }', {}],
      ['projects', 'query($after: String) { projects(after: $after) { totalCount } }', {}],
      ['projects by creation', 'query($after: String) { projects(after: $after, orderBy: { field: CREATED_AT }) { totalCount } }', {}],
      ['tasks by creation', 'query($after: String) { tasks(after: $after, orderBy: { field: CREATED_AT }) { totalCount } }', {}],
      ['Project.tasks', 'query($id: ID!, $after: String) { project(id: $id) { tasks(after: $after, orderBy: { field: CREATED_AT }) { totalCount } } }', { id: project.id }],
    ] as const;

    for (const [, query, variables] of lists) {
      for (const at of BAD_TIMESTAMPS) {
        expectAfterRefused(await exec(app, query, { ...variables, after: cursor([at, 'x']) }, { token: writer.accessToken }));
      }
    }
    for (const due of BAD_TIMESTAMPS.filter((at) => at !== null)) {
      expectAfterRefused(await exec(app, 'query($after: String) { tasks(after: $after) { totalCount } }', { after: cursor([true, due, 'x']) }, { token: writer.accessToken }));
    }
    expectAfterRefused(await exec(app, 'query($after: String) { tasks(after: $after) { totalCount } }', { after: cursor([true, null, 'x']) }, { token: writer.accessToken }));
    expect(errorLogs()).toEqual([]);
  });

  it('answers BAD_USER_INPUT for a forged messages cursor', async () => {
    const { school, writer } = await community();
    const other = await member(app, school.id);
    const sent = await exec(app, 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { conversation { id } } }', { input: { recipientId: other.id, content: 'hi' } }, { token: writer.accessToken });
    const conversationId = sent.expectData().sendMessage.conversation.id as string;

    for (const at of BAD_TIMESTAMPS) {
      expectAfterRefused(await exec(app, 'query($id: ID!, $after: String) { messages(conversationId: $id, after: $after) { totalCount } }', { id: conversationId, after: cursor([at, 'x']) }, { token: writer.accessToken }));
    }
    expect(errorLogs()).toEqual([]);
  });

  it('still accepts the cursors the API issues, at the edges of the range', async () => {
    const { writer } = await community();
    const project = await createProject(app, writer.accessToken);
    await createTask(app, writer.accessToken, { projectId: project.id, dueDate: '9999-12-31T23:59:59Z' });
    await createTask(app, writer.accessToken, { projectId: project.id, dueDate: '0001-01-01' });

    const first = (await exec(app, '{ tasks(first: 1) { edges { node { dueDate } } pageInfo { endCursor } } }', {}, { token: writer.accessToken })).expectData().tasks;
    const next = (await exec(app, 'query($after: String) { tasks(first: 1, after: $after) { edges { node { dueDate } } } }', { after: first.pageInfo.endCursor }, { token: writer.accessToken })).expectData().tasks;

    expect(first.edges[0].node.dueDate).toBe('0001-01-01');
    expect(next.edges[0].node.dueDate).toBe('9999-12-31T23:59:59.000Z');
  });
});

describe('dates outside years 1-9999 (UTC)', () => {
  const OUT_OF_RANGE = ['0000-01-01', '0000-06-15T12:00:00Z', '9999-12-31T23:59:59-23:59', '10000-01-01'];

  it('refuses them in createTask and updateTask with BAD_USER_INPUT naming dueDate', async () => {
    const { writer } = await community();
    const project = await createProject(app, writer.accessToken);
    const task = await createTask(app, writer.accessToken, { projectId: project.id });

    for (const dueDate of OUT_OF_RANGE) {
      const created = await exec(app, 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { input: { projectId: project.id, title: 't', dueDate } }, { token: writer.accessToken });
      const updated = await exec(app, 'mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }', { id: task.id, input: { dueDate } }, { token: writer.accessToken });

      expect(created.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'dueDate', message: 'must be between the years 1 and 9999 (UTC)' }]);
      expect(updated.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'dueDate', message: 'must be between the years 1 and 9999 (UTC)' }]);
    }
    expect(errorLogs()).toEqual([]);
  });

  it('refuses them in tasks(filter: { dueAfter, dueBefore })', async () => {
    const { writer } = await community();

    for (const bound of OUT_OF_RANGE) {
      const after = await exec(app, 'query($d: String) { tasks(filter: { dueAfter: $d }) { totalCount } }', { d: bound }, { token: writer.accessToken });
      const before = await exec(app, 'query($d: String) { tasks(filter: { dueBefore: $d }) { totalCount } }', { d: bound }, { token: writer.accessToken });

      expect(after.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'filter.dueAfter', message: 'must be between the years 1 and 9999 (UTC)' }]);
      expect(before.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'filter.dueBefore', message: 'must be between the years 1 and 9999 (UTC)' }]);
    }
    expect(errorLogs()).toEqual([]);
  });

  it('answers bounds at the edges of the range in every zone, with the tasks they cover', async () => {
    const { writer } = await community();
    const project = await createProject(app, writer.accessToken);
    const last = await createTask(app, writer.accessToken, { projectId: project.id, dueDate: '9999-12-31' });
    const first = await createTask(app, writer.accessToken, { projectId: project.id, dueDate: '0001-01-01T00:00:00Z' });
    const QUERY = 'query($a: String, $b: String, $z: String) { tasks(filter: { dueAfter: $a, dueBefore: $b }, timeZone: $z) { edges { node { id } } } }';
    const ids = async (a: string | null, b: string | null, z: string) =>
      ((await exec(app, QUERY, { a, b, z }, { token: writer.accessToken })).expectData().tasks.edges as { node: { id: string } }[]).map((e) => e.node.id).sort();

    // Zones east of UTC in year 1 (Seoul's local mean time was +8:27) and in 9999 (Kiritimati +14), and west (Los Angeles).
    const east = ['Asia/Seoul', 'Pacific/Kiritimati'];
    for (const zone of ['Pacific/Kiritimati', 'Asia/Seoul', 'UTC', 'America/Los_Angeles']) {
      expect(await ids('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', zone)).toEqual([first.id, last.id].sort());
      expect(await ids('9999-12-31T23:59:59Z', null, zone)).toEqual(east.includes(zone) ? [] : [last.id]);
    }
    for (const zone of ['Asia/Seoul', 'UTC', 'America/Los_Angeles']) {
      // 0001-01-01 starts before 00:00 UTC east of UTC, and after it west of UTC.
      expect(await ids('0001-01-01', null, zone)).toEqual(zone === 'America/Los_Angeles' ? [last.id] : [first.id, last.id].sort());
      expect(await ids(null, '0001-01-01', zone)).toEqual(zone === 'America/Los_Angeles' ? [first.id] : []);
    }
  });
});

describe('searches match `%`, `_` and `\\` literally', () => {
  it('schools(search) finds only the schools whose name or region holds the character', async () => {
    const tag = unique('s');
    const percent = await createSchool(app.db, { name: `${tag} 100%` });
    const underscore = await createSchool(app.db, { name: `${tag} a_b` });
    const backslash = await createSchool(app.db, { name: `${tag} c\\d` });
    await createSchool(app.db, { name: `${tag} plain` });
    const search = async (text: string) => ((await exec(app, 'query($s: String) { schools(search: $s) { id } }', { s: text })).expectData().schools as { id: string }[]).map((s) => s.id);

    expect(await search(`${tag} 100%`)).toEqual([percent.id]);
    expect(await search('%')).not.toContain(underscore.id);
    expect(await search('_')).not.toContain(percent.id);
    expect(await search('_')).toContain(underscore.id);
    expect(await search('\\')).toEqual([backslash.id]);
  });
});

describe('updateProfile(timeZone)', () => {
  it('refuses "" and blanks, stores the canonical name, and null clears it (server default)', async () => {
    const { writer } = await community();
    const UPDATE = 'mutation($tz: String) { updateProfile(input: { timeZone: $tz }) { timeZone } }';

    const empty = await exec(app, UPDATE, { tz: '' }, { token: writer.accessToken });
    const blank = await exec(app, UPDATE, { tz: '   ' }, { token: writer.accessToken });
    const lower = await exec(app, UPDATE, { tz: ' asia/seoul ' }, { token: writer.accessToken });
    const cleared = await exec(app, UPDATE, { tz: null }, { token: writer.accessToken });

    expect(empty.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'timeZone', message: 'is not a known IANA time zone' }]);
    expect(blank.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'timeZone', message: 'is not a known IANA time zone' }]);
    expect(lower.expectData().updateProfile.timeZone).toBe('Asia/Seoul');
    expect(cleared.expectData().updateProfile.timeZone).toBeNull();
    expect((await app.db.user.findUniqueOrThrow({ where: { id: writer.id } })).timeZone).toBeNull();
  });
});

describe('the id rule (src/shared/ids.ts)', () => {
  it('refuses an id over 64 characters as BAD_USER_INPUT naming the field, in a root argument and in an input', async () => {
    const { writer } = await community();
    const long = 'x'.repeat(65);
    const POST = 'query($id: ID!) { post(id: $id) { id } }';
    const COMMENT = 'mutation($input: CreateCommentInput!) { createComment(input: $input) { id } }';

    const atCap = await exec(app, POST, { id: 'x'.repeat(64) }, { token: writer.accessToken });
    const overArg = await exec(app, POST, { id: long }, { token: writer.accessToken });
    const overInput = await exec(app, COMMENT, { input: { postId: long, content: 'c', isAnonymous: false } }, { token: writer.accessToken });

    atCap.expectError('NOT_FOUND');
    expect(overArg.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'id', message: 'is not a valid id' }]);
    expect(overInput.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'postId', message: 'is not a valid id' }]);
    expect(errorLogs()).toEqual([]);
  });
});
