/**
 * The SQL budget of the tracker: `projects(first: 50) { tasks(first: 20) { … } taskCount
 * doneTaskCount }` sends 2 statements on the fast path (session check, one JSON statement) and
 * at most 4 on the resolver path (session check, projects page, one LATERAL statement for every
 * project's tasks, one statement for all the counts) — the same for 5 or 50 projects with 10
 * or 1,000 tasks each.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { seedProjects } from '../../helpers/projects';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

export const PROJECTS_WITH_TASKS = `query ProjectsWithTasks {
  projects(first: 50) {
    edges { node {
      id name isArchived createdAt
      tasks(first: 20) { edges { node { id title done dueDate dueHasTime createdAt } } pageInfo { hasNextPage endCursor } }
      taskCount doneTaskCount
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let app: TestApp;
/** The same app without the fast path (selections it does not cover take this path). */
let resolverPath: TestApp;
const viewers: Record<string, TestAccount> = {};

beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
  resolverPath = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }), { fastPath: false });
  for (const [name, projects, tasks] of [['p5t10', 5, 10], ['p50t10', 50, 10], ['p5t1000', 5, 1000], ['p50t1000', 50, 1000]] as const) {
    viewers[name] = await signUp(app);
    await seedProjects(app, viewers[name].id, projects, tasks);
  }
}, 120_000);
afterAll(async () => {
  await resolverPath.stop();
  await app.stop();
});

describe('SQL statements per request', () => {
  it('answers projects(first: 50) with tasks(first: 20), taskCount and doneTaskCount in 2 statements (4 on the resolver path), for 5 or 50 projects with 10 or 1,000 tasks each', async () => {
    const counts: Record<string, number> = {};
    const resolverCounts: Record<string, number> = {};
    for (const [name, viewer] of Object.entries(viewers)) {
      resolverCounts[name] = (await exec(resolverPath, PROJECTS_WITH_TASKS, {}, { token: viewer.accessToken })).sqlStatements!;
      const result = await exec(app, PROJECTS_WITH_TASKS, {}, { token: viewer.accessToken });
      const edges = result.expectData().projects.edges;
      const tasksEach = name.endsWith('t10') ? 10 : 1000;
      expect(edges).toHaveLength(name.startsWith('p50') ? 50 : 5);
      expect(edges.every((e: { node: { tasks: { edges: unknown[] }; taskCount: number } }) => e.node.tasks.edges.length === Math.min(20, tasksEach) && e.node.taskCount === tasksEach)).toBe(true);
      expect(edges[0].node.doneTaskCount).toBe(Math.ceil(tasksEach / 4));
      counts[name] = result.sqlStatements!;
    }

    expect(counts).toEqual({ p5t10: 2, p50t10: 2, p5t1000: 2, p50t1000: 2 });
    expect(resolverCounts).toEqual({ p5t10: 4, p50t10: 4, p5t1000: 4, p50t1000: 4 });
  });

  it('adds the owner and overdueTaskCount for free, and on the resolver path one statement per totalCount asked for', async () => {
    const viewer = viewers.p50t1000!;
    const richer = `query {
      projects(first: 50) { edges { node {
        id owner { id nickname } tasks(first: 20) { edges { node { id title } } } taskCount doneTaskCount overdueTaskCount
      } } }
    }`;
    const withTotals = `query {
      projects(first: 50) { totalCount edges { node {
        id tasks(first: 20) { totalCount edges { node { id title } } } taskCount
      } } }
    }`;

    const plain = await exec(app, richer, {}, { token: viewer.accessToken });
    const totals = await exec(resolverPath, withTotals, {}, { token: viewer.accessToken });
    const fastTotals = await exec(app, withTotals, {}, { token: viewer.accessToken });

    expect(plain.expectData().projects.edges[0].node.owner.id).toBe(viewer.id);
    expect(plain.sqlStatements).toBe(4);
    expect(totals.expectData().projects.totalCount).toBe(50);
    expect(totals.expectData().projects.edges[0].node.tasks.totalCount).toBe(1000);
    expect(totals.sqlStatements).toBe(6);
    expect(fastTotals.expectData()).toEqual(totals.expectData());
    expect(fastTotals.sqlStatements).toBe(2);
  });

  it('answers one project with its tasks and counts in 4 statements, and tasks with their projects in 3', async () => {
    const viewer = viewers.p50t10!;
    const [first] = (await exec(app, 'query { projects(first: 1) { edges { node { id } } } }', {}, { token: viewer.accessToken })).expectData().projects.edges;

    const one = await exec(
      app,
      'query($id: ID!) { project(id: $id) { owner { id } tasks(first: 20) { edges { node { id } } } taskCount doneTaskCount overdueTaskCount } }',
      { id: first.node.id },
      { token: viewer.accessToken },
    );
    const tasks = await exec(app, 'query { tasks(first: 100) { edges { node { id project { id name } } } } }', {}, { token: viewer.accessToken });

    expect(one.expectData().project.taskCount).toBe(10);
    expect(one.sqlStatements).toBe(4);
    expect(tasks.expectData().tasks.edges).toHaveLength(100);
    expect(tasks.sqlStatements).toBe(3);
  });

  it('batches filtered task pages across projects too, and keeps aliases with different arguments apart', async () => {
    const viewer = viewers.p50t10!;
    const result = await exec(
      app,
      `query { projects(first: 50) { edges { node {
        soon: tasks(first: 2, filter: { done: false }) { edges { node { id done } } }
        late: tasks(first: 5, orderBy: { field: DUE_DATE, direction: DESC }, filter: { overdue: false }, timeZone: "UTC") { edges { node { id } } }
      } } } }`,
      {},
      { token: viewer.accessToken },
    );

    const edges = result.expectData().projects.edges;
    expect(edges.every((e: { node: { soon: { edges: unknown[] }; late: { edges: unknown[] } } }) => e.node.soon.edges.length === 2 && e.node.late.edges.length === 5)).toBe(true);
    expect(edges[0].node.soon.edges.every((e: { node: { done: boolean } }) => !e.node.done)).toBe(true);
    // session, projects, one statement per alias.
    expect(result.sqlStatements).toBe(4);
  });
});
