/**
 * The tracker's list queries in SQL, each answering every parent of a batch at once: a page
 * of the viewer's projects (with the owner's row, so `owner` and the viewer's time zone cost
 * nothing more), the first N tasks of every project in one statement (a LIMITed LATERAL scan per project, so
 * its cost follows the page size, not the size of the projects), and the three task counts of every project in one
 * statement (`count(*) FILTER …`); and the project row lock of task writes.
 *
 * Only parameters carry values; ORDER BY and comparison fragments come from fixed
 * whitelists keyed by enums, never from client text. Every project query is scoped by
 * `owner_id`; task queries are reached only through projects already scoped so.
 */
import { queryRows, type Db } from '../../db/prisma';
import { Prisma, type Project as DbProject, type Task as DbTask, type User as DbUser } from '../../generated/prisma/client';
import { JOINED_USER_COLUMNS, withJoinedUsers } from '../account/user.sql';
import { containsPattern } from '../../shared/sql-text';
import { UserInputError } from '../../shared/errors';
import { decodeCursor, type CursorValue } from '../../shared/pagination';
import { OrderDirection } from '../../shared/ordering';
import type { DueRange, Today } from './due-dates';
import { ProjectOrderField, TaskOrderField } from './project.types';

export interface ProjectOrderSpec {
  field: ProjectOrderField;
  direction: OrderDirection;
}

export interface TaskOrderSpec {
  field: TaskOrderField;
  direction: OrderDirection;
}

/** A project row as Prisma would return it, plus its owner. */
export interface ProjectRow extends DbProject {
  owner: DbUser;
}

export const PROJECT_SORT: Record<ProjectOrderField, string> = {
  CREATED_AT: 'p.created_at',
  NAME: 'lower(p.name)',
  UPDATED_AT: 'p.updated_at',
};

const TASK_SORT: Record<Exclude<TaskOrderField, 'DUE_DATE'>, string> = {
  CREATED_AT: 't.created_at',
  TITLE: 'lower(t.title)',
};

export const PROJECT_COLUMNS = Prisma.sql`
  p.id, p.owner_id AS "ownerId", p.name, p.description, p.is_archived AS "isArchived",
  p.active_name_key AS "activeNameKey", p.task_count AS "taskCount", p.done_task_count AS "doneTaskCount",
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

export const TASK_COLUMNS = Prisma.sql`
  t.id, t.project_id AS "projectId", t.title, t.detail, t.done, t.done_at AS "doneAt", t.due_at AS "dueAt",
  t.due_has_time AS "dueHasTime", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

/** The same columns, read from a subquery `page` that selected TASK_COLUMNS (leaving its rank out). */
export const PAGE_TASK_COLUMNS = Prisma.sql`
  page.id, page."projectId", page.title, page.detail, page.done, page."doneAt", page."dueAt", page."dueHasTime",
  page."createdAt", page."updatedAt"`;

type RawRow = Record<string, unknown>;
type Tx = Prisma.TransactionClient;

function timestamp(value: Date): Prisma.Sql {
  return Prisma.sql`${value.toISOString()}::timestamptz`;
}

/** A calendar date as stored for date-only due dates: 00:00 UTC of it. */
function storedDate(date: string): Prisma.Sql {
  return Prisma.sql`${`${date}T00:00:00Z`}::timestamptz`;
}

export function directionOf(direction: OrderDirection): { sql: Prisma.Sql; cmp: Prisma.Sql } {
  const desc = direction === OrderDirection.DESC;
  return { sql: Prisma.raw(desc ? 'DESC' : 'ASC'), cmp: Prisma.raw(desc ? '<' : '>') };
}

// ---------------------------------------------------------------------------------- projects

export function projectCursor(project: DbProject, order: ProjectOrderSpec): CursorValue[] {
  const value = order.field === ProjectOrderField.NAME ? project.name : order.field === ProjectOrderField.CREATED_AT ? project.createdAt.toISOString() : project.updatedAt.toISOString();
  return [value, project.id];
}

/** Validates `after` for this order (BAD_USER_INPUT on anything this API did not issue). */
export function checkProjectCursor(after: string, order: ProjectOrderSpec): void {
  projectAfter(after, order);
}

export function projectAfter(after: string | null, order: ProjectOrderSpec): Prisma.Sql {
  if (!after) return Prisma.empty;
  const { cmp } = directionOf(order.direction);
  const sort = Prisma.raw(PROJECT_SORT[order.field]);
  let typed: Prisma.Sql;
  let id: string;
  if (order.field === ProjectOrderField.NAME) {
    const [name, nameId] = decodeCursor(after, ['text', 'text']);
    [typed, id] = [Prisma.sql`lower(${name})`, nameId];
  } else {
    const [at, atId] = decodeCursor(after, ['timestamp', 'text']);
    [typed, id] = [timestamp(at), atId];
  }
  return Prisma.sql`AND (${sort}, p.id) ${cmp} (${typed}, ${id})`;
}

export interface ProjectListQuery {
  archived: boolean;
  search: string | null;
  order: ProjectOrderSpec;
  first: number;
  after: string | null;
}

export function projectConditions(ownerId: string, query: Pick<ProjectListQuery, 'archived' | 'search'>): Prisma.Sql {
  const search = query.search
    ? Prisma.sql`AND (p.name ILIKE ${containsPattern(query.search)} OR p.description ILIKE ${containsPattern(query.search)})`
    : Prisma.empty;
  return Prisma.sql`p.owner_id = ${ownerId} AND p.is_archived = ${query.archived} ${search}`;
}

/** The first `first + 1` of the owner's projects after the cursor, with the owner's row. */
export async function projectPage(db: Db, ownerId: string, query: ProjectListQuery): Promise<ProjectRow[]> {
  const { sql: direction } = directionOf(query.order.direction);
  const sort = Prisma.raw(PROJECT_SORT[query.order.field]);
  const rows = await queryRows<RawRow>(db, Prisma.sql`
    SELECT ${PROJECT_COLUMNS}, ${JOINED_USER_COLUMNS}
    FROM projects p JOIN users u ON u.id = p.owner_id
    WHERE ${projectConditions(ownerId, query)} ${projectAfter(query.after, query.order)}
    ORDER BY ${sort} ${direction}, p.id ${direction}
    LIMIT ${query.first + 1}`);
  return withJoinedUsers<DbProject, 'owner'>(rows, 'owner');
}

export async function projectCount(db: Db, ownerId: string, query: Pick<ProjectListQuery, 'archived' | 'search'>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, Prisma.sql`SELECT count(*)::int AS n FROM projects p WHERE ${projectConditions(ownerId, query)}`);
  return row?.n ?? 0;
}

/** The owner's projects among `ids` (others' ids find nothing), with the owner's row. */
export async function projectsByIds(db: Db, ownerId: string, ids: readonly string[]): Promise<ProjectRow[]> {
  const rows = await queryRows<RawRow>(db, Prisma.sql`
    SELECT ${PROJECT_COLUMNS}, ${JOINED_USER_COLUMNS}
    FROM projects p JOIN users u ON u.id = p.owner_id
    WHERE p.id = ANY(${[...ids]}::text[]) AND p.owner_id = ${ownerId}`);
  return withJoinedUsers<DbProject, 'owner'>(rows, 'owner');
}

/**
 * Locks the owner's project row to the end of the transaction `tx` (archiving it waits, and
 * vice versa), so that no task is written into a project archived meanwhile. Null when the
 * owner has no such project. `SELECT … FOR UPDATE`: Prisma has no row lock.
 */
export async function lockOwnedProject(tx: Tx, ownerId: string, projectId: string): Promise<{ id: string; isArchived: boolean } | null> {
  const [project] = await tx.$queryRaw<{ id: string; isArchived: boolean }[]>`
    SELECT id, is_archived AS "isArchived" FROM projects WHERE id = ${projectId} AND owner_id = ${ownerId} FOR UPDATE`;
  return project ?? null;
}

// ------------------------------------------------------------------------------------- tasks

/**
 * Task list conditions, already resolved against the viewer's time zone: `today` is set
 * whenever `overdue` or `dueToday` is.
 */
export interface TaskConditions {
  done: boolean | null;
  search: string | null;
  range: DueRange | null;
  overdue: boolean | null;
  dueToday: boolean | null;
  today: Today | null;
}

export interface TaskListQuery extends TaskConditions {
  order: TaskOrderSpec;
  first: number;
  after: string | null;
}

/** Not done, and past: a timed due date before now, a date-only one before today's date. */
export function overdueExpression(today: Today): Prisma.Sql {
  return Prisma.sql`(NOT t.done AND t.due_at IS NOT NULL AND CASE WHEN t.due_has_time
    THEN t.due_at < ${timestamp(today.now)} ELSE t.due_at < ${storedDate(today.date)} END)`;
}

function dueTodayExpression(today: Today): Prisma.Sql {
  return Prisma.sql`(t.due_at IS NOT NULL AND CASE WHEN t.due_has_time
    THEN t.due_at >= ${timestamp(today.start)} AND t.due_at < ${timestamp(today.end)} ELSE t.due_at = ${storedDate(today.date)} END)`;
}

function rangeExpression(range: DueRange): Prisma.Sql {
  const timed = [range.from ? Prisma.sql`t.due_at >= ${timestamp(range.from)}` : null, range.to ? Prisma.sql`t.due_at < ${timestamp(range.to)}` : null];
  const dated = [range.fromDate ? Prisma.sql`t.due_at >= ${storedDate(range.fromDate)}` : null, range.toDate ? Prisma.sql`t.due_at < ${storedDate(range.toDate)}` : null];
  const all = (parts: (Prisma.Sql | null)[]) => Prisma.join([Prisma.sql`TRUE`, ...parts.filter((p): p is Prisma.Sql => p !== null)], ' AND ');
  return Prisma.sql`(t.due_at IS NOT NULL AND CASE WHEN t.due_has_time THEN ${all(timed)} ELSE ${all(dated)} END)`;
}

function taskConditions(c: TaskConditions): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (c.done !== null) parts.push(Prisma.sql`AND t.done = ${c.done}`);
  if (c.search) parts.push(Prisma.sql`AND (t.title ILIKE ${containsPattern(c.search)} OR t.detail ILIKE ${containsPattern(c.search)})`);
  if (c.range) parts.push(Prisma.sql`AND ${rangeExpression(c.range)}`);
  if (c.overdue !== null) parts.push(c.overdue ? Prisma.sql`AND ${overdueExpression(c.today!)}` : Prisma.sql`AND NOT ${overdueExpression(c.today!)}`);
  if (c.dueToday !== null) parts.push(c.dueToday ? Prisma.sql`AND ${dueTodayExpression(c.today!)}` : Prisma.sql`AND NOT ${dueTodayExpression(c.today!)}`);
  return parts.length > 0 ? Prisma.join(parts, ' ') : Prisma.empty;
}

/**
 * Cursor of a task in a list sorted by `order`: [sort value, id], or for DUE_DATE
 * [has a due date, due instant or null, id], since tasks without one come last.
 */
export function taskCursor(task: DbTask, order: TaskOrderSpec): CursorValue[] {
  if (order.field === TaskOrderField.DUE_DATE) return [task.dueAt !== null, task.dueAt?.toISOString() ?? null, task.id];
  return [order.field === TaskOrderField.TITLE ? task.title : task.createdAt.toISOString(), task.id];
}

/** Validates `after` for this order (BAD_USER_INPUT on anything this API did not issue). */
export function checkTaskCursor(after: string, order: TaskOrderSpec): void {
  taskAfter(after, order);
}

export function taskAfter(after: string | null, order: TaskOrderSpec): Prisma.Sql {
  if (!after) return Prisma.empty;
  const { cmp } = directionOf(order.direction);
  if (order.field === TaskOrderField.DUE_DATE) {
    const [hasDue, due, id] = decodeCursor(after, ['boolean', 'timestamp?', 'text']);
    if (!hasDue) return Prisma.sql`AND t.due_at IS NULL AND t.id ${cmp} ${id}`;
    if (!due) throw UserInputError.field('after', 'is not a valid cursor');
    return Prisma.sql`AND (t.due_at IS NULL OR (t.due_at, t.id) ${cmp} (${timestamp(due)}, ${id}))`;
  }
  let typed: Prisma.Sql;
  let id: string;
  if (order.field === TaskOrderField.TITLE) {
    const [title, titleId] = decodeCursor(after, ['text', 'text']);
    [typed, id] = [Prisma.sql`lower(${title})`, titleId];
  } else {
    const [at, atId] = decodeCursor(after, ['timestamp', 'text']);
    [typed, id] = [timestamp(at), atId];
  }
  return Prisma.sql`AND (${Prisma.raw(TASK_SORT[order.field])}, t.id) ${cmp} (${typed}, ${id})`;
}

export function taskOrderBy(order: TaskOrderSpec): Prisma.Sql {
  const { sql: direction } = directionOf(order.direction);
  if (order.field === TaskOrderField.DUE_DATE) return Prisma.sql`t.due_at ${direction} NULLS LAST, t.id ${direction}`;
  return Prisma.sql`${Prisma.raw(TASK_SORT[order.field])} ${direction}, t.id ${direction}`;
}

/**
 * The first `first + 1` matching tasks of each project, in `order`: one statement, a
 * LIMITed scan per project (LATERAL), so its cost follows the page size, not how many tasks
 * the projects hold (a window over every task sorted all of them: 10,000 rows at 200 tasks
 * a project for a page of 50 × 21).
 */
export async function taskPagesByProject(db: Db, projectIds: readonly string[], query: TaskListQuery): Promise<DbTask[]> {
  const order = taskOrderBy(query.order);
  return queryRows<DbTask>(db, Prisma.sql`
    SELECT ${PAGE_TASK_COLUMNS}
    FROM unnest(${[...projectIds]}::text[]) WITH ORDINALITY AS project(id, ord)
    CROSS JOIN LATERAL (
      SELECT ${TASK_COLUMNS}, row_number() OVER (ORDER BY ${order}) AS rn
      FROM tasks t
      WHERE t.project_id = project.id ${taskConditions(query)} ${taskAfter(query.after, query.order)}
      ORDER BY ${order}
      LIMIT ${query.first + 1}
    ) page
    ORDER BY project.ord, page.rn`);
}

/** How many matching tasks each project has. */
export async function taskCountsByProject(db: Db, projectIds: readonly string[], conditions: TaskConditions): Promise<Map<string, number>> {
  const rows = await queryRows<{ projectId: string; n: number }>(db, Prisma.sql`
    SELECT t.project_id AS "projectId", count(*)::int AS n FROM tasks t
    WHERE t.project_id = ANY(${[...projectIds]}::text[]) ${taskConditions(conditions)}
    GROUP BY t.project_id`);
  return new Map(rows.map((r) => [r.projectId, r.n]));
}

/** Which tasks the viewer's `tasks` list spans: one project, or all their active ones. */
function ownedTasksScope(ownerId: string, projectId: string | null): Prisma.Sql {
  return projectId
    ? Prisma.sql`p.owner_id = ${ownerId} AND t.project_id = ${projectId}`
    : Prisma.sql`p.owner_id = ${ownerId} AND p.is_archived = false`;
}

/** The first `first + 1` of the owner's matching tasks across projects (or in one). */
export async function ownedTaskPage(db: Db, ownerId: string, projectId: string | null, query: TaskListQuery): Promise<DbTask[]> {
  return queryRows<DbTask>(db, Prisma.sql`
    SELECT ${TASK_COLUMNS}
    FROM tasks t JOIN projects p ON p.id = t.project_id
    WHERE ${ownedTasksScope(ownerId, projectId)} ${taskConditions(query)} ${taskAfter(query.after, query.order)}
    ORDER BY ${taskOrderBy(query.order)}
    LIMIT ${query.first + 1}`);
}

export async function ownedTaskCount(db: Db, ownerId: string, projectId: string | null, conditions: TaskConditions): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, Prisma.sql`
    SELECT count(*)::int AS n FROM tasks t JOIN projects p ON p.id = t.project_id
    WHERE ${ownedTasksScope(ownerId, projectId)} ${taskConditions(conditions)}`);
  return row?.n ?? 0;
}

export interface TaskCounts {
  total: number;
  done: number;
  overdue: number;
}

/** All tasks, done tasks and overdue tasks of each project: one statement. */
export async function taskStatsByProject(db: Db, projectIds: readonly string[], today: Today): Promise<Map<string, TaskCounts>> {
  const rows = await queryRows<({ projectId: string } & TaskCounts)>(db, Prisma.sql`
    SELECT t.project_id AS "projectId", count(*)::int AS total,
      count(*) FILTER (WHERE t.done)::int AS done,
      count(*) FILTER (WHERE ${overdueExpression(today)})::int AS overdue
    FROM tasks t
    WHERE t.project_id = ANY(${[...projectIds]}::text[])
    GROUP BY t.project_id`);
  return new Map(rows.map(({ projectId, ...counts }) => [projectId, counts]));
}
