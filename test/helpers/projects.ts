/**
 * Project tracker test data: through the API for the rows a test is about, through
 * `createMany` for bulk (hundreds of tasks in one statement).
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app';
import { unique } from './factories';
import { exec } from './graphql';

export const PROJECT_FIELDS = 'id name description isArchived createdAt updatedAt';
export const TASK_FIELDS = 'id title detail done doneAt dueDate dueAt dueHasTime createdAt updatedAt project { id }';

export const CREATE_PROJECT = `mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { ${PROJECT_FIELDS} } }`;
export const CREATE_TASK = `mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;

export async function createProject(app: App, token: string, input: { name?: string; description?: string | null } = {}) {
  return (await exec(app, CREATE_PROJECT, { input: { name: unique('project'), ...input } }, { token })).expectData().createProject;
}

export async function createTask(app: App, token: string, input: { projectId: string; title?: string; detail?: string | null; dueDate?: string | null }) {
  return (await exec(app, CREATE_TASK, { input: { title: unique('task'), ...input } }, { token })).expectData().createTask;
}

/** Stands the app's clock at `iso` (for "today" and "overdue"); returns the undo. */
export function standAt(app: App, iso: string): () => void {
  const calendar = app.services.calendar;
  const previous = calendar.now;
  calendar.now = () => new Date(iso);
  return () => {
    calendar.now = previous;
  };
}

/**
 * `projects` projects of `ownerId`, each with `tasksEach` tasks (a third without a due date,
 * a third date-only, a third timed; every fourth done), in two statements whatever the size
 * (the tasks from generate_series: 50,000 rows through createMany would take seconds).
 */
export async function seedProjects(app: App, ownerId: string, projects: number, tasksEach: number): Promise<string[]> {
  const rows = Array.from({ length: projects }, (_, i) => {
    const name = `${unique('seed')} ${i}`;
    return { id: randomUUID(), ownerId, name, activeNameKey: name.toLowerCase() };
  });
  await app.db.project.createMany({ data: rows });
  await app.db.$executeRaw`
    INSERT INTO tasks (id, project_id, title, done, due_at, due_has_time, created_at, updated_at)
    SELECT gen_random_uuid()::text, p.id, 'task ' || j, j % 4 = 0,
      CASE WHEN j % 3 = 0 THEN NULL
           ELSE timestamptz '2026-03-01 00:00:00+00' + ((j % 28) || ' days')::interval + (CASE WHEN j % 3 = 2 THEN interval '9 hours' ELSE interval '0' END) END,
      j % 3 = 2, now(), now()
    FROM unnest(${rows.map((r) => r.id)}::text[]) AS p(id) CROSS JOIN generate_series(0, ${tasksEach - 1}) AS j`;
  return rows.map((r) => r.id);
}
