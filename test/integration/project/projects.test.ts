import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { createProject, createTask, PROJECT_FIELDS } from '../../helpers/projects';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const PROJECT = `query Project($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} owner { id email } taskCount doneTaskCount overdueTaskCount } }`;
const PROJECTS = `query Projects($filter: ProjectFilter, $orderBy: ProjectOrder, $first: Int, $after: String) {
  projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { cursor node { id name } } pageInfo { hasNextPage endCursor } totalCount
  }
}`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { ${PROJECT_FIELDS} } }`;
const ARCHIVE = `mutation Archive($id: ID!) { archiveProject(id: $id) { ${PROJECT_FIELDS} } }`;
const UNARCHIVE = `mutation Unarchive($id: ID!) { unarchiveProject(id: $id) { ${PROJECT_FIELDS} } }`;
const DELETE = 'mutation Delete($id: ID!) { deleteProject(id: $id) }';
const CREATE = `mutation Create($input: CreateProjectInput!) { createProject(input: $input) { ${PROJECT_FIELDS} } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0', PROJECT_NAME_MAX_LENGTH: '20', PROJECT_DESCRIPTION_MAX_LENGTH: '30' }));
});
afterAll(() => app.stop());

const projectCount = (ownerId: string) => app.db.project.count({ where: { ownerId } });

/** Every page of `projects` with `first` items per page, following endCursor. */
async function walk(token: string, variables: Record<string, unknown>, first: number): Promise<string[]> {
  const names: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const data: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
      await exec(app, PROJECTS, { ...variables, first, after }, { token })
    ).expectData().projects;
    names.push(...data.edges.map((e) => e.node.name));
    if (!data.pageInfo.hasNextPage) return names;
    after = data.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

describe('createProject and project', () => {
  it('creates a project owned by the viewer, with the name trimmed and an empty description as none', async () => {
    const owner = await signUp(app);

    const created = await createProject(app, owner.accessToken, { name: '  졸업 프로젝트 ', description: '   ' });
    const read = (await exec(app, PROJECT, { id: created.id }, { token: owner.accessToken })).expectData().project;

    expect(read).toMatchObject({ name: '졸업 프로젝트', description: null, isArchived: false, owner: { id: owner.id, email: owner.email }, taskCount: 0, doneTaskCount: 0, overdueTaskCount: 0 });
  });

  it('refuses empty or oversized names and descriptions with BAD_USER_INPUT naming each field, and writes nothing', async () => {
    const owner = await signUp(app);

    const empty = await exec(app, CREATE, { input: { name: '   ' } }, { token: owner.accessToken });
    const long = await exec(app, CREATE, { input: { name: 'n'.repeat(21), description: 'd'.repeat(31) } }, { token: owner.accessToken });

    expect(empty.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'name', message: 'cannot be empty' }]);
    expect(long.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'name', message: 'must be at most 20 characters' },
      { field: 'description', message: 'must be at most 30 characters' },
    ]);
    expect(JSON.stringify(long.errors)).not.toContain('nnnnn');
    expect(await projectCount(owner.id)).toBe(0);
  });

  it('refuses a second active project with the same name, ignoring case, with CONFLICT; other users may use it', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    await createProject(app, owner.accessToken, { name: 'Thesis' });

    const duplicate = await exec(app, CREATE, { input: { name: ' thesis ' } }, { token: owner.accessToken });
    const elsewhere = await exec(app, CREATE, { input: { name: 'Thesis' } }, { token: other.accessToken });

    expect(duplicate.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'name', message: expect.stringContaining('already used') }]);
    expect(elsewhere.expectData().createProject.name).toBe('Thesis');
    expect(await projectCount(owner.id)).toBe(1);
  });

  it('answers UNAUTHENTICATED without a token', async () => {
    (await exec(app, PROJECTS, {})).expectError('UNAUTHENTICATED');
    (await exec(app, CREATE, { input: { name: 'x' } })).expectError('UNAUTHENTICATED');
  });
});

describe('updateProject', () => {
  it('changes only the fields given; null removes the description', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken, { name: 'Old', description: 'keep me' });

    const renamed = (await exec(app, UPDATE, { id: project.id, input: { name: 'New' } }, { token: owner.accessToken })).expectData().updateProject;
    const cleared = (await exec(app, UPDATE, { id: project.id, input: { description: null } }, { token: owner.accessToken })).expectData().updateProject;

    expect([renamed.name, renamed.description]).toEqual(['New', 'keep me']);
    expect(new Date(renamed.updatedAt).getTime()).toBeGreaterThan(new Date(project.updatedAt).getTime());
    expect([cleared.name, cleared.description]).toEqual(['New', null]);
  });

  it('refuses a rename onto another active project\'s name (CONFLICT) and bad input, changing nothing', async () => {
    const owner = await signUp(app);
    await createProject(app, owner.accessToken, { name: 'Alpha' });
    const beta = await createProject(app, owner.accessToken, { name: 'Beta' });

    const clash = await exec(app, UPDATE, { id: beta.id, input: { name: 'ALPHA' } }, { token: owner.accessToken });
    const bad = await exec(app, UPDATE, { id: beta.id, input: { name: '', description: 'x'.repeat(31) } }, { token: owner.accessToken });

    clash.expectError('CONFLICT');
    expect(bad.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([
      { field: 'name', message: 'cannot be empty' },
      { field: 'description', message: 'must be at most 30 characters' },
    ]);
    expect(await app.db.project.findUnique({ where: { id: beta.id } })).toMatchObject({ name: 'Beta', description: null, activeNameKey: 'beta' });
  });
});

describe('archiveProject and unarchiveProject', () => {
  it('hides an archived project from the default list, lists it with isArchived: true, and makes it read-only until unarchived', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken, { name: 'Old stuff' });
    const active = await createProject(app, owner.accessToken, { name: 'Current' });

    const archived = (await exec(app, ARCHIVE, { id: project.id }, { token: owner.accessToken })).expectData().archiveProject;
    const again = (await exec(app, ARCHIVE, { id: project.id }, { token: owner.accessToken })).expectData().archiveProject;
    const listed = (await exec(app, PROJECTS, {}, { token: owner.accessToken })).expectData().projects;
    const listedArchived = (await exec(app, PROJECTS, { filter: { isArchived: true } }, { token: owner.accessToken })).expectData().projects;
    const edit = await exec(app, UPDATE, { id: project.id, input: { name: 'Renamed' } }, { token: owner.accessToken });
    const addTask = await exec(app, 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { input: { projectId: project.id, title: 't' } }, { token: owner.accessToken });

    expect([archived.isArchived, again.isArchived]).toEqual([true, true]);
    expect(listed.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([active.id]);
    expect(listed.totalCount).toBe(1);
    expect(listedArchived.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([project.id]);
    expect(edit.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'id', message: 'the project is archived' }]);
    expect(addTask.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'projectId', message: 'the project is archived' }]);
    expect(await app.db.task.count({ where: { projectId: project.id } })).toBe(0);

    const back = (await exec(app, UNARCHIVE, { id: project.id }, { token: owner.accessToken })).expectData().unarchiveProject;
    const backAgain = (await exec(app, UNARCHIVE, { id: project.id }, { token: owner.accessToken })).expectData().unarchiveProject;
    expect([back.isArchived, backAgain.isArchived]).toEqual([false, false]);
    await createTask(app, owner.accessToken, { projectId: project.id, title: 'allowed again' });
  });

  it('frees an archived name for a new active project, and refuses to unarchive onto it (CONFLICT)', async () => {
    const owner = await signUp(app);
    const first = await createProject(app, owner.accessToken, { name: 'Reading list' });
    await exec(app, ARCHIVE, { id: first.id }, { token: owner.accessToken });

    const second = await createProject(app, owner.accessToken, { name: 'reading list' });
    const unarchive = await exec(app, UNARCHIVE, { id: first.id }, { token: owner.accessToken });

    expect(second.name).toBe('reading list');
    expect(unarchive.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'name', message: expect.any(String) }]);
    expect(await app.db.project.findUnique({ where: { id: first.id } })).toMatchObject({ isArchived: true, activeNameKey: null });
  });
});

describe('deleteProject', () => {
  it('deletes the project with all its tasks, archived or not', async () => {
    const owner = await signUp(app);
    const project = await createProject(app, owner.accessToken);
    for (let i = 0; i < 3; i++) await createTask(app, owner.accessToken, { projectId: project.id });
    await exec(app, ARCHIVE, { id: project.id }, { token: owner.accessToken });

    const deleted = await exec(app, DELETE, { id: project.id }, { token: owner.accessToken });
    const again = await exec(app, DELETE, { id: project.id }, { token: owner.accessToken });

    expect(deleted.expectData().deleteProject).toBe(true);
    again.expectError('NOT_FOUND');
    expect(await app.db.project.count({ where: { id: project.id } })).toBe(0);
    expect(await app.db.task.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe('ownership', () => {
  it("shows a second user nothing of another's projects and lets them change nothing: NOT_FOUND exactly as for an unknown id", async () => {
    const owner = await signUp(app);
    const intruder = await signUp(app);
    const project = await createProject(app, owner.accessToken, { name: 'Private', description: 'mine' });
    await createTask(app, owner.accessToken, { projectId: project.id });
    const token = intruder.accessToken;
    const before = await app.db.project.findUnique({ where: { id: project.id } });

    const attempts: [string, Record<string, unknown>][] = [
      [PROJECT, {}],
      [UPDATE, { input: { name: 'Stolen' } }],
      [ARCHIVE, {}],
      [UNARCHIVE, {}],
      [DELETE, {}],
      ['query($id: ID!) { tasks(filter: { projectId: $id }) { totalCount } }', {}],
    ];
    for (const [document, variables] of attempts) {
      const foreign = await exec(app, document, { id: project.id, ...variables }, { token });
      const unknown = await exec(app, document, { id: 'no-such-project', ...variables }, { token });
      foreign.expectError('NOT_FOUND');
      expect(foreign.errors).toEqual(unknown.errors);
      expect(foreign.data).toEqual(unknown.data);
    }
    const list = (await exec(app, PROJECTS, {}, { token })).expectData().projects;
    const archivedList = (await exec(app, PROJECTS, { filter: { isArchived: true } }, { token })).expectData().projects;

    expect([list.totalCount, archivedList.totalCount]).toEqual([0, 0]);
    expect(await app.db.project.findUnique({ where: { id: project.id } })).toEqual(before);
    expect(await app.db.task.count({ where: { projectId: project.id } })).toBe(1);
  });
});

describe('projects', () => {
  let owner: TestAccount;
  const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo 50%_off'];
  beforeAll(async () => {
    owner = await signUp(app);
    for (const [i, name] of names.entries()) await createProject(app, owner.accessToken, { name, description: i === 2 ? 'Has the KEYWORD inside' : null });
  });

  it('searches names and descriptions ignoring case, with LIKE wildcards taken literally', async () => {
    const search = async (text: string) =>
      (await exec(app, PROJECTS, { filter: { search: text } }, { token: owner.accessToken })).expectData().projects.edges.map((e: { node: { name: string } }) => e.node.name);

    expect(await search('ALPHA')).toEqual(['Alpha']);
    expect(await search('keyword')).toEqual(['charlie']);
    expect(await search('50%_')).toEqual(['echo 50%_off']);
    expect(await search('%')).toEqual(['echo 50%_off']);
  });

  it('orders by name ignoring case, by creation and by update, in both directions, the same across pages', async () => {
    const byName = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    await app.db.project.updateMany({ where: { ownerId: owner.id, name: 'Alpha' }, data: { description: 'touched' } });

    expect(await walk(owner.accessToken, { orderBy: { field: 'NAME' } }, 2)).toEqual(byName);
    expect(await walk(owner.accessToken, { orderBy: { field: 'NAME', direction: 'DESC' } }, 2)).toEqual([...byName].reverse());
    expect(await walk(owner.accessToken, {}, 2)).toEqual([...names].reverse());
    expect(await walk(owner.accessToken, { orderBy: { field: 'CREATED_AT', direction: 'ASC' } }, 3)).toEqual(names);
    expect((await walk(owner.accessToken, { orderBy: { field: 'UPDATED_AT' } }, 2))[0]).toBe('Alpha');
    expect((await walk(owner.accessToken, { orderBy: { field: 'UPDATED_AT', direction: 'ASC' } }, 1)).at(-1)).toBe('Alpha');
  });

  it('refuses first over 100 and a cursor it did not issue with BAD_USER_INPUT naming the argument', async () => {
    const tooMany = await exec(app, PROJECTS, { first: 101 }, { token: owner.accessToken });
    const badCursor = await exec(app, PROJECTS, { after: 'bm9wZQ' }, { token: owner.accessToken });
    const wrongKind = await exec(app, PROJECTS, { after: Buffer.from(JSON.stringify([1, 2])).toString('base64url') }, { token: owner.accessToken });
    const longSearch = await exec(app, PROJECTS, { filter: { search: 'x'.repeat(101) } }, { token: owner.accessToken });

    expect(tooMany.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'first', message: 'must be at most 100' }]);
    expect(badCursor.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
    expect(wrongKind.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
    expect(longSearch.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'filter.search', message: 'must be at most 100 characters' }]);
  });
});
