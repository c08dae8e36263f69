import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { createProject, createTask, standAt, TASK_FIELDS } from '../../helpers/projects';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const TASK = `query Task($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
const TASKS = `query Tasks($filter: TaskFilter, $orderBy: TaskOrder, $first: Int, $after: String, $timeZone: String) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after, timeZone: $timeZone) {
    edges { cursor node { id title } } pageInfo { hasNextPage endCursor } totalCount
  }
}`;
const PROJECT_TASKS = `query ProjectTasks($id: ID!, $filter: ProjectTaskFilter, $orderBy: TaskOrder, $first: Int, $after: String, $timeZone: String) {
  project(id: $id) {
    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after, timeZone: $timeZone) {
      edges { cursor node { id title } } pageInfo { hasNextPage endCursor } totalCount
    }
  }
}`;
const COUNTS = 'query Counts($id: ID!, $timeZone: String) { project(id: $id) { taskCount doneTaskCount overdueTaskCount(timeZone: $timeZone) } }';
const UPDATE = `mutation Update($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
const SET_DONE = `mutation SetDone($id: ID!, $done: Boolean!) { setTaskDone(id: $id, done: $done) { ${TASK_FIELDS} } }`;
const DELETE = 'mutation Delete($id: ID!) { deleteTask(id: $id) }';
const CREATE = `mutation Create($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const ARCHIVE = 'mutation Archive($id: ID!) { archiveProject(id: $id) { id } }';

/** 00:30 on 2 March 2026 in Seoul, which is 15:30 UTC on 1 March. */
const SEOUL_0030 = '2026-03-01T15:30:00Z';

let app: TestApp;
let undoClock: (() => void) | null = null;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0', TASK_TITLE_MAX_LENGTH: '30', TASK_DETAIL_MAX_LENGTH: '50', DEFAULT_TIME_ZONE: 'Asia/Seoul' }));
});
afterEach(() => {
  undoClock?.();
  undoClock = null;
});
afterAll(() => app.stop());

type Edges = { edges: { node: { title: string } }[] };
const titles = (connection: Edges) => connection.edges.map((e) => e.node.title);

async function listTitles(token: string, variables: Record<string, unknown>): Promise<string[]> {
  return titles((await exec(app, TASKS, variables, { token })).expectData().tasks).sort();
}

/** Every page of a task list with `first` items per page, following endCursor. */
async function walk(token: string, document: string, pick: (data: any) => Edges & { pageInfo: { hasNextPage: boolean; endCursor: string } }, variables: Record<string, unknown>, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const connection = pick((await exec(app, document, { ...variables, first, after }, { token })).expectData());
    seen.push(...titles(connection));
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

describe('createTask, task, updateTask, setTaskDone, deleteTask', () => {
  it('stores a date-only due date as that date and a timed one as its instant, and shows them as set', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);

    const dated = await createTask(app, owner.accessToken, { projectId: project.id, title: '  보고서 ', detail: '', dueDate: '2026-03-02' });
    const timed = await createTask(app, owner.accessToken, { projectId: project.id, title: 'call', dueDate: '2026-03-02T18:00:00+09:00' });
    const none = await createTask(app, owner.accessToken, { projectId: project.id, title: 'someday' });

    expect(dated).toMatchObject({ title: '보고서', detail: null, done: false, doneAt: null, dueDate: '2026-03-02', dueAt: null, dueHasTime: false, project: { id: project.id } });
    expect(timed).toMatchObject({ dueDate: '2026-03-02T09:00:00.000Z', dueAt: '2026-03-02T09:00:00.000Z', dueHasTime: true });
    expect(none).toMatchObject({ dueDate: null, dueAt: null, dueHasTime: false });
    expect(await app.db.task.findUnique({ where: { id: dated.id } })).toMatchObject({ dueAt: new Date('2026-03-02T00:00:00Z'), dueHasTime: false });
    expect((await exec(app, TASK, { id: timed.id }, { token: owner.accessToken })).expectData().task).toEqual(timed);
  });

  it('answers each mutation of one document with the counts it left, not what the request cached before', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const first = await createTask(app, owner.accessToken, { projectId: project.id });
    const second = await createTask(app, owner.accessToken, { projectId: project.id });
    const document = `mutation Steps($first: ID!, $second: ID!, $projectId: ID!) {
      a: setTaskDone(id: $first, done: true) { project { taskCount doneTaskCount } }
      b: setTaskDone(id: $second, done: true) { project { taskCount doneTaskCount } }
      c: createTask(input: { projectId: $projectId, title: "third" }) { project { taskCount doneTaskCount } }
      d: archiveProject(id: $projectId) { isArchived tasks { totalCount } }
      e: unarchiveProject(id: $projectId) { isArchived }
    }`;

    const data = (await exec(app, document, { first: first.id, second: second.id, projectId: project.id }, { token: owner.accessToken })).expectData();

    expect(data).toEqual({
      a: { project: { taskCount: 2, doneTaskCount: 1 } },
      b: { project: { taskCount: 2, doneTaskCount: 2 } },
      c: { project: { taskCount: 3, doneTaskCount: 2 } },
      d: { isArchived: true, tasks: { totalCount: 3 } },
      e: { isArchived: false },
    });
  });

  it('changes only the fields given; null removes the detail and the due date', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const task = await createTask(app, owner.accessToken, { projectId: project.id, title: 'draft', detail: 'notes', dueDate: '2026-03-02' });

    const retitled = (await exec(app, UPDATE, { id: task.id, input: { title: 'final' } }, { token: owner.accessToken })).expectData().updateTask;
    const timed = (await exec(app, UPDATE, { id: task.id, input: { dueDate: '2026-03-05T09:30:00Z' } }, { token: owner.accessToken })).expectData().updateTask;
    const cleared = (await exec(app, UPDATE, { id: task.id, input: { detail: null, dueDate: null } }, { token: owner.accessToken })).expectData().updateTask;

    expect(retitled).toMatchObject({ title: 'final', detail: 'notes', dueDate: '2026-03-02' });
    expect(timed).toMatchObject({ title: 'final', detail: 'notes', dueDate: '2026-03-05T09:30:00.000Z', dueHasTime: true });
    expect(cleared).toMatchObject({ title: 'final', detail: null, dueDate: null, dueAt: null, dueHasTime: false });
  });

  it('marks a task done at the current instant, idempotently, and not done again', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const task = await createTask(app, owner.accessToken, { projectId: project.id });

    undoClock = standAt(app, '2026-03-01T10:00:00Z');
    const done = (await exec(app, SET_DONE, { id: task.id, done: true }, { token: owner.accessToken })).expectData().setTaskDone;
    undoClock();
    undoClock = standAt(app, '2026-03-01T11:00:00Z');
    const again = (await exec(app, SET_DONE, { id: task.id, done: true }, { token: owner.accessToken })).expectData().setTaskDone;
    const undone = (await exec(app, SET_DONE, { id: task.id, done: false }, { token: owner.accessToken })).expectData().setTaskDone;

    expect([done.done, done.doneAt]).toEqual([true, '2026-03-01T10:00:00.000Z']);
    expect(again.doneAt).toBe('2026-03-01T10:00:00.000Z');
    expect([undone.done, undone.doneAt]).toEqual([false, null]);
  });

  it('deletes a task', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const task = await createTask(app, owner.accessToken, { projectId: project.id });

    expect((await exec(app, DELETE, { id: task.id }, { token: owner.accessToken })).expectData().deleteTask).toBe(true);
    (await exec(app, TASK, { id: task.id }, { token: owner.accessToken })).expectError('NOT_FOUND');
    (await exec(app, DELETE, { id: task.id }, { token: owner.accessToken })).expectError('NOT_FOUND');
  });

  it('refuses to create or change tasks of an archived project, saying so, and changes nothing', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const task = await createTask(app, owner.accessToken, { projectId: project.id, title: 'frozen', dueDate: '2026-03-02' });
    await exec(app, ARCHIVE, { id: project.id }, { token: owner.accessToken });
    const before = await app.db.task.findUnique({ where: { id: task.id } });

    const attempts = [
      await exec(app, CREATE, { input: { projectId: project.id, title: 'new' } }, { token: owner.accessToken }),
      await exec(app, UPDATE, { id: task.id, input: { title: 'changed' } }, { token: owner.accessToken }),
      await exec(app, SET_DONE, { id: task.id, done: true }, { token: owner.accessToken }),
      await exec(app, DELETE, { id: task.id }, { token: owner.accessToken }),
    ];

    expect(attempts.map((r) => r.expectError('BAD_USER_INPUT').extensions?.fields)).toEqual([
      [{ field: 'projectId', message: 'the project is archived' }],
      [{ field: 'id', message: 'the project is archived' }],
      [{ field: 'id', message: 'the project is archived' }],
      [{ field: 'id', message: 'the project is archived' }],
    ]);
    expect(await app.db.task.findMany({ where: { projectId: project.id } })).toEqual([before]);
    // Still readable: through the project, and in `tasks` when the project is named.
    expect(titles((await exec(app, PROJECT_TASKS, { id: project.id }, { token: owner.accessToken })).expectData().project.tasks)).toEqual(['frozen']);
    expect(await listTitles(owner.accessToken, { filter: { projectId: project.id } })).toEqual(['frozen']);
    expect(await listTitles(owner.accessToken, {})).toEqual([]);
  });
});

describe('bad input', () => {
  let owner: TestAccount;
  let projectId: string;
  let taskId: string;
  beforeAll(async () => {
    owner = await signUp(app);
    projectId = (await createProject(app, owner.accessToken)).id;
    taskId = (await createTask(app, owner.accessToken, { projectId, title: 'keep', dueDate: '2026-03-02' })).id;
  });

  it('refuses empty or oversized titles and details and unreadable due dates, naming each field, and writes nothing', async () => {
    const empty = await exec(app, CREATE, { input: { projectId, title: ' ', dueDate: 'next friday' } }, { token: owner.accessToken });
    const long = await exec(app, CREATE, { input: { projectId, title: 't'.repeat(31), detail: 'd'.repeat(51), dueDate: '2026-02-30' } }, { token: owner.accessToken });
    const update = await exec(app, UPDATE, { id: taskId, input: { title: 'ok', dueDate: '2026-03-02T18:00' } }, { token: owner.accessToken });

    expect(empty.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'title', message: 'cannot be empty' },
      { field: 'dueDate', message: expect.stringContaining('YYYY-MM-DD') },
    ]);
    expect(long.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'title', message: 'must be at most 30 characters' },
      { field: 'detail', message: 'must be at most 50 characters' },
      { field: 'dueDate', message: expect.any(String) },
    ]);
    expect(update.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'dueDate', message: expect.any(String) }]);
    expect(JSON.stringify([empty.errors, long.errors, update.errors])).not.toMatch(/next friday|2026-02-30|ttttt/);
    expect(await app.db.task.findMany({ where: { projectId }, select: { title: true, dueAt: true } })).toEqual([{ title: 'keep', dueAt: new Date('2026-03-02T00:00:00Z') }]);
  });

  it('refuses a dueBefore earlier than dueAfter, an unknown time zone and first over 100, naming the argument', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [TASKS, { filter: { dueAfter: '2026-03-08', dueBefore: '2026-03-01' } }, 'filter.dueBefore'],
      [TASKS, { filter: { dueAfter: 'soon' } }, 'filter.dueAfter'],
      [TASKS, { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [TASKS, { first: 101 }, 'first'],
      [TASKS, { filter: { search: 'x'.repeat(101) } }, 'filter.search'],
      [PROJECT_TASKS, { id: projectId, timeZone: 'Seoul' }, 'timeZone'],
      [PROJECT_TASKS, { id: projectId, first: 101 }, 'first'],
      [PROJECT_TASKS, { id: projectId, filter: { dueAfter: '2026-03-02T12:00:00Z', dueBefore: '2026-03-02T11:59:59Z' } }, 'filter.dueBefore'],
      [COUNTS, { id: projectId, timeZone: 'KST' }, 'timeZone'],
    ];
    for (const [document, variables, field] of cases) {
      const result = await exec(app, document, variables, { token: owner.accessToken });
      expect({ field, fields: result.expectError('BAD_USER_INPUT').extensions?.fields }).toEqual({ field, fields: [{ field, message: expect.any(String) }] });
    }
  });
});

describe('ownership', () => {
  it("lets a second user see and change none of another's tasks: NOT_FOUND exactly as for an unknown id", async () => {
    const owner = await signUp(app);
    const intruder = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    const task = await createTask(app, owner.accessToken, { projectId: project.id, title: 'private', dueDate: '2026-03-02' });
    const token = intruder.accessToken;
    const before = await app.db.task.findUnique({ where: { id: task.id } });

    const attempts: [string, Record<string, unknown>][] = [
      [TASK, {}],
      [UPDATE, { input: { title: 'mine now' } }],
      [SET_DONE, { done: true }],
      [DELETE, {}],
    ];
    for (const [document, variables] of attempts) {
      const foreign = await exec(app, document, { id: task.id, ...variables }, { token });
      const unknown = await exec(app, document, { id: randomUUID(), ...variables }, { token });
      foreign.expectError('NOT_FOUND');
      expect(foreign.errors).toEqual(unknown.errors);
    }
    const intoForeign = await exec(app, CREATE, { input: { projectId: project.id, title: 'x' } }, { token });
    const intoUnknown = await exec(app, CREATE, { input: { projectId: randomUUID(), title: 'x' } }, { token });
    intoForeign.expectError('NOT_FOUND');
    expect(intoForeign.errors).toEqual(intoUnknown.errors);

    expect((await exec(app, TASKS, {}, { token })).expectData().tasks.totalCount).toBe(0);
    expect(await app.db.task.findMany({ where: { projectId: project.id } })).toEqual([before]);
  });
});

describe('filters and time zones', () => {
  let owner: TestAccount;
  let projectId: string;
  // Stored due_at, and where each lands at 00:30 on 2 March in Seoul (15:30 UTC on 1 March).
  const tasks: [string, string | null, boolean?][] = [
    ['A date 03-01', '2026-03-01'], // Seoul: yesterday, overdue. UTC: today.
    ['B date 03-02', '2026-03-02'], // Seoul: today. UTC: tomorrow.
    ['C date 03-03', '2026-03-03'],
    ['D 03-01 23:50 KST', '2026-03-01T23:50:00+09:00'], // 14:50 UTC: Seoul yesterday; UTC today; passed.
    ['E 03-02 00:10 KST', '2026-03-02T00:10:00+09:00'], // 15:10 UTC: Seoul today, 20 minutes ago: overdue.
    ['F 03-02 23:59 KST', '2026-03-02T23:59:00+09:00'], // Seoul: today, not yet due. UTC: tomorrow.
    ['G no due date', null],
    ['H date 02-27 done', '2026-02-27', true],
  ];
  beforeAll(async () => {
    owner = await signUp(app);
    projectId = (await createProject(app, owner.accessToken)).id;
    for (const [title, dueDate, done] of tasks) {
      const task = await createTask(app, owner.accessToken, { projectId, title, detail: title.startsWith('B') ? 'bring the SLIDES' : null, dueDate });
      if (done) await exec(app, SET_DONE, { id: task.id, done: true }, { token: owner.accessToken });
    }
  });

  const letters = (names: string[]) => names.map((n) => n[0]).join('');
  const find = async (filter: Record<string, unknown>, timeZone?: string) => letters(await listTitles(owner.accessToken, { filter, timeZone }));

  it('finds what is due today and what is overdue at 00:30 in Seoul (the viewer\'s default zone), and at 15:30 in UTC', async () => {
    undoClock = standAt(app, SEOUL_0030);

    expect(await find({ dueToday: true })).toBe('BEF');
    expect(await find({ overdue: true })).toBe('ADE');
    expect(await find({ dueToday: true }, 'UTC')).toBe('ADE');
    expect(await find({ overdue: true }, 'UTC')).toBe('DE');
    expect(await find({ dueToday: false })).toBe('ACDGH');
    expect(await find({ overdue: false })).toBe('BCFGH');
    expect(await find({ dueToday: true, overdue: false })).toBe('BF');
  });

  it("uses the viewer's profile zone when no timeZone is given, and the argument over it", async () => {
    undoClock = standAt(app, SEOUL_0030);
    const traveller = await signUp(app);
    const project = await createProject(app, traveller.accessToken);
    for (const [title, dueDate] of tasks.slice(0, 6)) await createTask(app, traveller.accessToken, { projectId: project.id, title, dueDate });
    await exec(app, 'mutation { updateProfile(input: { timeZone: "America/Los_Angeles" }) { id } }', {}, { token: traveller.accessToken }).then((r) => r.expectData());
    const overdue = async (timeZone?: string) =>
      (await exec(app, COUNTS, { id: project.id, timeZone }, { token: traveller.accessToken })).expectData().project.overdueTaskCount;

    // Los Angeles: 07:30 on 1 March. Today holds A, D (06:50) and E (07:10).
    expect(letters(await listTitles(traveller.accessToken, { filter: { dueToday: true } }))).toBe('ADE');
    expect(letters(await listTitles(traveller.accessToken, { filter: { dueToday: true }, timeZone: 'Asia/Seoul' }))).toBe('BEF');
    expect([await overdue(), await overdue('Asia/Seoul')]).toEqual([2, 3]);
  });

  it('moves "today" at midnight in the zone, not at midnight UTC', async () => {
    undoClock = standAt(app, '2026-03-01T14:59:59Z'); // 23:59:59 on 1 March in Seoul
    expect(await find({ dueToday: true })).toBe('AD');
    undoClock();
    undoClock = standAt(app, '2026-03-01T15:00:00Z'); // 00:00 on 2 March in Seoul
    expect(await find({ dueToday: true })).toBe('BEF');
    expect(await find({ overdue: true })).toBe('AD');
  });

  it('filters by due date bounds: dates as days in the zone (upper bound exclusive), date-times as instants', async () => {
    expect(await find({ dueAfter: '2026-03-02', dueBefore: '2026-03-03' })).toBe('BEF');
    expect(await find({ dueAfter: '2026-03-02', dueBefore: '2026-03-03' }, 'UTC')).toBe('BF');
    expect(await find({ dueAfter: '2026-03-02T00:00:00+09:00', dueBefore: '2026-03-02T12:00:00+09:00' })).toBe('BE');
    expect(await find({ dueBefore: '2026-03-02' })).toBe('ADH');
    expect(await find({ dueAfter: '2026-03-03' })).toBe('C');
    expect(await find({ dueAfter: '2026-03-02', dueBefore: '2026-03-02' })).toBe('');
  });

  it('filters by done and by text in the title or detail, ignoring case, combined with AND', async () => {
    expect(await find({ done: true })).toBe('H');
    expect(await find({ done: false })).toBe('ABCDEFG');
    expect(await find({ search: 'kst' })).toBe('DEF');
    expect(await find({ search: 'slides' })).toBe('B');
    expect(await find({ search: 'date', done: false, dueBefore: '2026-03-02' })).toBe('A');
    expect(await find({ projectId, search: '%' })).toBe('');
  });

  it('counts the tasks, the done ones and the overdue ones of a project', async () => {
    undoClock = standAt(app, SEOUL_0030);
    const counts = async (timeZone?: string) => (await exec(app, COUNTS, { id: projectId, timeZone }, { token: owner.accessToken })).expectData().project;

    expect(await counts()).toEqual({ taskCount: 8, doneTaskCount: 1, overdueTaskCount: 3 });
    expect(await counts('UTC')).toEqual({ taskCount: 8, doneTaskCount: 1, overdueTaskCount: 2 });
  });

  it('filters Project.tasks like tasks, with totalCount counting the whole filtered list', async () => {
    undoClock = standAt(app, SEOUL_0030);
    const page = (await exec(app, PROJECT_TASKS, { id: projectId, filter: { overdue: true }, first: 2 }, { token: owner.accessToken })).expectData().project.tasks;

    expect(titles(page).map((t) => t[0])).toEqual(['A', 'D']);
    expect([page.pageInfo.hasNextPage, page.totalCount]).toEqual([true, 3]);
  });
});

describe('ordering and pagination', () => {
  let owner: TestAccount;
  let projectId: string;
  beforeAll(async () => {
    owner = await signUp(app);
    projectId = (await createProject(app, owner.accessToken)).id;
    // Created in one statement: equal created_at for all, so only the id breaks ties.
    const due = (title: string, dueAt: string | null, dueHasTime = true) => ({ id: randomUUID(), projectId, title, dueAt: dueAt ? new Date(dueAt) : null, dueHasTime });
    await app.db.task.createMany({
      data: [
        due('banana', '2026-03-02T00:00:00Z', false),
        due('Apple', '2026-03-01T09:00:00Z'),
        due('cherry', null),
        due('date', '2026-03-02T00:00:00Z', false),
        due('Elder', null),
        due('fig', '2026-03-03T12:00:00Z'),
        due('grape', null),
        due('honeydew', '2026-03-02T00:00:00Z'),
        due('iceberg', null),
      ],
    });
  });

  const all = (orderBy: Record<string, unknown> | null) => walk(owner.accessToken, TASKS, (d) => d.tasks, { filter: { projectId }, orderBy }, 100);
  const paged = (orderBy: Record<string, unknown>, first: number) => walk(owner.accessToken, TASKS, (d) => d.tasks, { filter: { projectId }, orderBy }, first);
  const nested = (orderBy: Record<string, unknown>, first: number) => walk(owner.accessToken, PROJECT_TASKS, (d) => d.project.tasks, { id: projectId, orderBy }, first);

  it('orders by due date soonest first by default, tasks without a due date last in either direction', async () => {
    const asc = await all({ field: 'DUE_DATE' });
    const desc = await all({ field: 'DUE_DATE', direction: 'DESC' });
    const withoutDue = ['cherry', 'Elder', 'grape', 'iceberg'];

    expect(asc[0]).toBe('Apple');
    expect(asc.slice(1, 4).sort()).toEqual(['banana', 'date', 'honeydew']);
    expect(asc[4]).toBe('fig');
    expect(asc.slice(5).sort()).toEqual(withoutDue.sort());
    expect(desc[0]).toBe('fig');
    expect(desc[4]).toBe('Apple');
    expect(desc.slice(5).sort()).toEqual(withoutDue.sort());
    // Ties (same due instant, or none) break by id, reversed with the direction.
    expect(desc.slice(1, 4)).toEqual(asc.slice(1, 4).reverse());
    expect(desc.slice(5)).toEqual(asc.slice(5).reverse());
    expect(await all(null)).toEqual(asc);
  });

  it('orders by title ignoring case, and by creation with the id breaking ties', async () => {
    expect(await all({ field: 'TITLE' })).toEqual(['Apple', 'banana', 'cherry', 'date', 'Elder', 'fig', 'grape', 'honeydew', 'iceberg']);
    expect(await all({ field: 'TITLE', direction: 'DESC' })).toEqual(['iceberg', 'honeydew', 'grape', 'fig', 'Elder', 'date', 'cherry', 'banana', 'Apple']);
    expect((await all({ field: 'CREATED_AT' })).reverse()).toEqual(await all({ field: 'CREATED_AT', direction: 'ASC' }));
  });

  it('pages through every order in both directions without losing or repeating a task, at the top level and under a project', async () => {
    for (const field of ['DUE_DATE', 'CREATED_AT', 'TITLE']) {
      for (const direction of ['ASC', 'DESC']) {
        const whole = await all({ field, direction });
        expect({ field, direction, pages: await paged({ field, direction }, 2) }).toEqual({ field, direction, pages: whole });
        expect({ field, direction, pages: await nested({ field, direction }, 3) }).toEqual({ field, direction, pages: whole });
      }
    }
  });

  it('refuses a cursor of another order', async () => {
    const page = (await exec(app, TASKS, { filter: { projectId }, orderBy: { field: 'TITLE' }, first: 1 }, { token: owner.accessToken })).expectData().tasks;
    const mixed = await exec(app, TASKS, { filter: { projectId }, orderBy: { field: 'DUE_DATE' }, after: page.pageInfo.endCursor }, { token: owner.accessToken });
    const mixedCreated = await exec(app, TASKS, { filter: { projectId }, orderBy: { field: 'CREATED_AT' }, after: page.pageInfo.endCursor }, { token: owner.accessToken });

    expect(mixed.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
    mixedCreated.expectError('BAD_USER_INPUT');
  });

  it('lists the tasks of all active projects, not of archived ones', async () => {
    const other = await createProject(app, owner.accessToken);
    await createTask(app, owner.accessToken, { projectId: other.id, title: 'elsewhere' });
    const before = await listTitles(owner.accessToken, {});
    await exec(app, ARCHIVE, { id: other.id }, { token: owner.accessToken });
    const after = await listTitles(owner.accessToken, {});

    expect(before).toHaveLength(10);
    expect(after).toHaveLength(9);
    expect(after).not.toContain('elsewhere');
  });
});
