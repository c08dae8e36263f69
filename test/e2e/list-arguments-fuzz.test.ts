/**
 * Property-based test of every list's arguments over HTTP: arbitrary JSON (and values shaped
 * like the real thing: base64 cursors of JSON lists, dates of any year and offset, ids,
 * searches full of wildcards and odd Unicode) thrown at `after`, `dueAfter` / `dueBefore`,
 * ids, `search`, `timeZone` and `orderBy` of every list, as a signed-in member who has data
 * in each of them.
 *
 * Properties: never a 5xx, every error carries a code of the closed set other than
 * INTERNAL_SERVER_ERROR / SERVICE_UNAVAILABLE, and nothing is logged at error level.
 * Reproducible: the seed is fixed (FUZZ_SEED overrides it) and printed with any failure.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ErrorCode } from '../../src/shared/errors';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { exec, post } from '../helpers/graphql';
import { createProject, createTask } from '../helpers/projects';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = 100;
const CLIENT_CODES = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR && code !== ErrorCode.SERVICE_UNAVAILABLE));

let app: TestApp;
let baseUrl: string;
let token: string;
const known: Record<'schoolId' | 'boardId' | 'postId' | 'conversationId' | 'projectId' | 'taskId', string> = {} as never;

beforeAll(async () => {
  app = await createTestApp(testConfig({ LOG_LEVEL: 'info' }));
  baseUrl = await app.listen();
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id, name: '자유 100%_게시판' });
  const viewer = await member(app, school.id);
  const other = await member(app, school.id);
  token = viewer.accessToken;
  const postId = (await exec(app, 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', { i: { boardId: board.id, title: '글 %_\\', content: '본문', isAnonymous: false } }, { token: other.accessToken })).expectData().createPost.id;
  const comment = (await exec(app, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, content: '댓글', isAnonymous: true } }, { token })).expectData().createComment.id;
  await exec(app, 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }', { i: { postId, parentId: comment, content: '답글', isAnonymous: false } }, { token: other.accessToken });
  await exec(app, 'mutation($id: ID!) { scrapPost(id: $id) { id } }', { id: postId }, { token });
  const conversationId = (await exec(app, 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { conversation { id } } }', { i: { recipientId: other.id, content: '안녕' } }, { token })).expectData().sendMessage.conversation.id;
  const project = await createProject(app, token, { name: '프로젝트 %' });
  const task = await createTask(app, token, { projectId: project.id, title: '할 일 _', dueDate: '2026-03-02' });
  await createTask(app, token, { projectId: project.id, dueDate: '2026-03-02T18:00:00+09:00' });
  Object.assign(known, { schoolId: school.id, boardId: board.id, postId, conversationId, projectId: project.id, taskId: task.id });
}, 60_000);
afterAll(() => app.stop());

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value) ?? 'null').toString('base64url');

/** Any JSON at all: mixed in at a low weight, so that most requests pass variable coercion and reach the resolvers. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const mostly = <T>(shaped: fc.Arbitrary<T>) => fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: anyJson, weight: 1 });

/** Instants anywhere in JavaScript's range (years -271821 to 275760), as toISOString writes them. */
const instant = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
/** What a cursor position may hold: instants of any year, integers and floats of any size, text. */
const cursorValue = fc.oneof(instant, fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number), fc.string({ maxLength: 20 }), fc.constantFrom(null, true, 'abc', 1e20, 1.5));
const cursor = mostly(
  fc.oneof(
    { arbitrary: fc.tuple(cursorValue, fc.oneof(fc.uuid(), fc.string({ maxLength: 20 }), cursorValue)).map(b64), weight: 6 },
    { arbitrary: fc.tuple(fc.oneof(fc.boolean(), cursorValue), cursorValue, fc.oneof(fc.uuid(), cursorValue)).map(b64), weight: 3 },
    { arbitrary: anyJson.map(b64), weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  ),
);

/** Date-like text of any year (0-99999) and offset. */
const isoLike = fc
  .record({ year: fc.integer({ min: 0, max: 99_999 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }), time: fc.boolean(), hour: fc.integer({ min: 0, max: 25 }), offset: fc.integer({ min: -24 * 60, max: 24 * 60 }) })
  .map(({ year, month, day, time, hour, offset }) => {
    const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
    const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    if (!time) return date;
    return `${date}T${pad(hour)}:30:00${offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`}`;
  });
/** Years at the edges of the range, in dates and date-times with extreme offsets. */
const edgeDate = fc.constantFrom('0000-01-01', '0001-01-01', '0000-06-15T12:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31', '9999-12-31T23:59:59-23:59', '9999-12-31T23:59:59Z', '10000-01-01');
const dateArg = mostly(fc.oneof(isoLike, edgeDate, instant, fc.string({ maxLength: 30 }), fc.constant(null)));

const search = mostly(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('%', '_', '\\', '%_\\', "' OR 1=1 --", '파이썬')));
const id = (real: () => string) => mostly(fc.oneof(fc.constant(null).map(() => real()), fc.uuid(), fc.string({ maxLength: 40 })));
const timeZone = mostly(fc.oneof(fc.constantFrom('Asia/Seoul', 'asia/seoul', '', ' ', 'UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Mars/Base', null), fc.string({ maxLength: 20 })));
const direction = mostly(fc.constantFrom('ASC', 'DESC'));
const first = mostly(fc.integer({ min: -5, max: 120 }));

interface ListCase {
  name: string;
  query: string;
  variables: fc.Arbitrary<Record<string, unknown>>;
}

const LISTS: ListCase[] = [
  { name: 'schools', query: 'query($s: String) { schools(search: $s) { id } }', variables: fc.record({ s: search }) },
  { name: 'school', query: 'query($id: ID!) { school(id: $id) { id } }', variables: fc.record({ id: id(() => known.schoolId) }) },
  {
    name: 'boards',
    query: 'query($school: ID!, $s: String, $after: String, $first: Int) { boards(schoolId: $school, filter: { search: $s }, after: $after, first: $first) { totalCount edges { cursor } } }',
    variables: fc.record({ school: id(() => known.schoolId), s: search, after: cursor, first }),
  },
  {
    name: 'posts',
    query: 'query($board: ID!, $s: String, $after: String, $field: PostOrderField!, $dir: OrderDirection!) { posts(boardId: $board, search: $s, after: $after, orderBy: { field: $field, direction: $dir }) { totalCount edges { cursor } } }',
    variables: fc.record({ board: id(() => known.boardId), s: search, after: cursor, field: mostly(fc.constantFrom('CREATED_AT', 'LIKE_COUNT', 'COMMENT_COUNT')), dir: direction }),
  },
  {
    name: 'Post.comments and Comment.replies',
    query: 'query($id: ID!, $after: String, $replies: String) { post(id: $id) { comments(after: $after) { edges { node { replies(after: $replies) { totalCount } } } } } }',
    variables: fc.record({ id: id(() => known.postId), after: cursor, replies: cursor }),
  },
  { name: 'hotPosts', query: 'query($school: ID!, $first: Int) { hotPosts(schoolId: $school, first: $first) { id } }', variables: fc.record({ school: id(() => known.schoolId), first }) },
  { name: 'myScraps', query: 'query($after: String) { myScraps(after: $after) { totalCount edges { cursor } } }', variables: fc.record({ after: cursor }) },
  { name: 'conversations', query: 'query($after: String) { conversations(after: $after) { totalCount edges { cursor } } }', variables: fc.record({ after: cursor }) },
  {
    name: 'messages',
    query: 'query($id: ID!, $after: String) { messages(conversationId: $id, after: $after) { totalCount edges { cursor } } }',
    variables: fc.record({ id: id(() => known.conversationId), after: cursor }),
  },
  {
    name: 'projects',
    query: 'query($s: String, $after: String, $field: ProjectOrderField!, $dir: OrderDirection) { projects(filter: { search: $s }, after: $after, orderBy: { field: $field, direction: $dir }) { totalCount edges { cursor } } }',
    variables: fc.record({ s: search, after: cursor, field: mostly(fc.constantFrom('CREATED_AT', 'NAME', 'UPDATED_AT')), dir: direction }),
  },
  {
    name: 'tasks',
    query:
      'query($project: ID, $a: String, $b: String, $s: String, $after: String, $field: TaskOrderField!, $tz: String) { tasks(filter: { projectId: $project, dueAfter: $a, dueBefore: $b, search: $s }, after: $after, orderBy: { field: $field }, timeZone: $tz) { totalCount edges { cursor } } }',
    variables: fc.record({ project: id(() => known.projectId), a: dateArg, b: dateArg, s: search, after: cursor, field: mostly(fc.constantFrom('DUE_DATE', 'CREATED_AT', 'TITLE')), tz: timeZone }),
  },
  {
    name: 'Project.tasks',
    query:
      'query($id: ID!, $a: String, $b: String, $after: String, $tz: String) { project(id: $id) { overdueTaskCount(timeZone: $tz) tasks(filter: { dueAfter: $a, dueBefore: $b, overdue: true }, after: $after, timeZone: $tz) { totalCount } } }',
    variables: fc.record({ id: id(() => known.projectId), a: dateArg, b: dateArg, after: cursor, tz: timeZone }),
  },
  {
    name: 'Project.attachments',
    query: 'query($id: ID!, $after: String, $first: Int) { project(id: $id) { attachments(after: $after, first: $first) { totalCount edges { cursor } } } }',
    variables: fc.record({ id: id(() => known.projectId), after: cursor, first }),
  },
  { name: 'task', query: 'query($id: ID!) { task(id: $id) { id } }', variables: fc.record({ id: id(() => known.taskId) }) },
];

describe('every list, given arbitrary JSON in its arguments', () => {
  it.each(LISTS.map((list) => [list.name, list] as const))('%s never answers a 5xx nor logs an error', async (_name, list) => {
    const errorLinesBefore = app.logs.filter((line) => Number(line.level) >= 50).length;

    await fc.assert(
      fc.asyncProperty(list.variables, async (variables) => {
        const response = await post(baseUrl, list.query, variables, { authorization: `Bearer ${token}` });

        expect({ variables, status: response.status < 500 }).toEqual({ variables, status: true });
        for (const error of response.errors ?? []) expect({ variables, code: CLIENT_CODES.has(String(error.extensions?.code)) }).toEqual({ variables, code: true });
      }),
      { seed: SEED, numRuns: RUNS },
    );

    expect(app.logs.filter((line) => Number(line.level) >= 50).slice(errorLinesBefore)).toEqual([]);
  }, 120_000);
});
