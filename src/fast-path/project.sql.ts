/**
 * The tracker's page as one JSON statement: the viewer's projects → their tasks, with the
 * task counts, for exactly the selected fields. Conditions, orders and cursors are those of
 * the resolver path (src/modules/project/project.sql.ts, written for the aliases `p` and `t`
 * used here); only projects of the viewer are ever read.
 *
 * Not covered (the resolver path answers): filters and searches of the lists, a task list's
 * time zone, `owner`. `overdueTaskCount` counts with the tracker's own overdue rule, "today"
 * taken from the same calendar.
 */
import type { SelectionSetNode } from 'graphql';
import { Prisma } from '../generated/prisma/client';
import { defaultTaskDirection } from '../modules/project/project.policy';
import { projectListQuery } from '../modules/project/project.service';
import {
  checkTaskCursor,
  directionOf,
  overdueExpression,
  PROJECT_SORT,
  projectAfter,
  projectConditions,
  taskAfter,
  taskOrderBy,
  type ProjectOrderSpec,
  type TaskOrderSpec,
} from '../modules/project/project.sql';
import { ProjectOrderField, TaskOrderField } from '../modules/project/project.types';
import type { ProjectsArgs } from '../modules/project/project.inputs';
import { connection, cursorOf, iso, jsonObject, notCovered, unknownSelection, type CursorPartSql } from './json-sql';
import type { Walk } from './walk';

type Sql = Prisma.Sql;
type Entry = readonly [string, Sql];

/** `projects(first, after, filter: {isArchived}, orderBy)`; a search takes the resolver path. */
export function projectsField(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>): Sql {
  walk.pageSize(args);
  walk.after(args);
  const query = projectListQuery(args as ProjectsArgs);
  if (query.search) notCovered();
  const alias = walk.alias();
  const r = Prisma.raw(alias);
  const { sql: direction } = directionOf(query.order.direction);
  return connection({
    typeName: 'Project',
    fields: walk.fields(selections, 'ProjectConnection'),
    fragments: walk.fragments,
    columns: Prisma.sql`p.*`,
    from: Prisma.sql`FROM projects p WHERE ${projectConditions(walk.viewer.id, query)} ${projectAfter(query.after, query.order)}`,
    order: Prisma.sql`${Prisma.raw(PROJECT_SORT[query.order.field])} ${direction}, p.id ${direction}`,
    first: query.first,
    alias,
    cursor: cursorOf([projectSortValue(r, query.order), { text: Prisma.sql`${r}.id` }]),
    node: (node) => projectObject(walk, node, alias),
    totalCount: Prisma.sql`(SELECT count(*)::int FROM projects p WHERE ${projectConditions(walk.viewer.id, query)})`,
  });
}

/** `project(id)`: one of the viewer's projects; null otherwise (NOT_FOUND on the resolver path). */
export function projectField(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>): Sql {
  const id = walk.id(args.id);
  const alias = walk.alias();
  const p = Prisma.raw(alias);
  return Prisma.sql`(SELECT ${projectObject(walk, selections, alias)} FROM projects ${p} WHERE ${p}.id = ${id} AND ${p}.owner_id = ${walk.viewer.id})`;
}

function projectSortValue(r: Sql, order: ProjectOrderSpec): CursorPartSql {
  if (order.field === ProjectOrderField.NAME) return { text: Prisma.sql`${r}.name` };
  return { text: iso(order.field === ProjectOrderField.CREATED_AT ? Prisma.sql`${r}.created_at` : Prisma.sql`${r}.updated_at`) };
}

function projectObject(walk: Walk, selections: readonly SelectionSetNode[], row: string): Sql {
  const p = Prisma.raw(row);
  return jsonObject(walk.fields(selections, 'Project').map((f): Entry => {
    switch (f.name) {
      case '__typename': return [f.key, Prisma.sql`'Project'::text`];
      case 'id': return [f.key, Prisma.sql`${p}.id`];
      case 'name': return [f.key, Prisma.sql`${p}.name`];
      case 'description': return [f.key, Prisma.sql`${p}.description`];
      case 'isArchived': return [f.key, Prisma.sql`${p}.is_archived`];
      case 'createdAt': return [f.key, iso(Prisma.sql`${p}.created_at`)];
      case 'updatedAt': return [f.key, iso(Prisma.sql`${p}.updated_at`)];
      case 'taskCount': return [f.key, Prisma.sql`${p}.task_count`];
      case 'doneTaskCount': return [f.key, Prisma.sql`${p}.done_task_count`];
      case 'overdueTaskCount': {
        const today = walk.today(walk.args(f, 'Project').timeZone);
        return [f.key, Prisma.sql`(SELECT count(*)::int FROM tasks t WHERE t.project_id = ${p}.id AND ${overdueExpression(today)})`];
      }
      case 'tasks': return [f.key, taskConnection(walk, f.selections, walk.args(f, 'Project'), row)];
      default: return unknownSelection();
    }
  }));
}

function taskConnection(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>, projectRow: string): Sql {
  if (args.filter != null || args.timeZone != null) notCovered();
  const orderBy = args.orderBy as { field: TaskOrderField; direction?: TaskOrderSpec['direction'] | null } | null | undefined;
  const field = orderBy?.field ?? TaskOrderField.DUE_DATE;
  const order: TaskOrderSpec = { field, direction: orderBy?.direction ?? defaultTaskDirection(field) };
  const first = walk.pageSize(args);
  const after = walk.after(args);
  if (after !== null) checkTaskCursor(after, order);
  const alias = walk.alias();
  const r = Prisma.raw(alias);
  const project = Prisma.raw(projectRow);
  return connection({
    typeName: 'Task',
    fields: walk.fields(selections, 'TaskConnection'),
    fragments: walk.fragments,
    columns: Prisma.sql`t.*`,
    from: Prisma.sql`FROM tasks t WHERE t.project_id = ${project}.id ${taskAfter(after, order)}`,
    order: taskOrderBy(order),
    first,
    alias,
    cursor: cursorOf(taskCursorParts(r, order)),
    node: (node) => taskObject(walk, node, alias),
    totalCount: Prisma.sql`${project}.task_count`,
  });
}

/** taskCursor: [has a due date, due instant or null, id] for DUE_DATE, else [sort value, id]. */
function taskCursorParts(r: Sql, order: TaskOrderSpec): CursorPartSql[] {
  const id = { text: Prisma.sql`${r}.id` };
  if (order.field === TaskOrderField.DUE_DATE) return [{ bool: Prisma.sql`${r}.due_at IS NOT NULL` }, { text: iso(Prisma.sql`${r}.due_at`) }, id];
  if (order.field === TaskOrderField.TITLE) return [{ text: Prisma.sql`${r}.title` }, id];
  return [{ text: iso(Prisma.sql`${r}.created_at`) }, id];
}

function taskObject(walk: Walk, selections: readonly SelectionSetNode[], row: string): Sql {
  const t = Prisma.raw(row);
  return jsonObject(walk.fields(selections, 'Task').map((f): Entry => {
    switch (f.name) {
      case '__typename': return [f.key, Prisma.sql`'Task'::text`];
      case 'id': return [f.key, Prisma.sql`${t}.id`];
      case 'title': return [f.key, Prisma.sql`${t}.title`];
      case 'detail': return [f.key, Prisma.sql`${t}.detail`];
      case 'done': return [f.key, Prisma.sql`${t}.done`];
      case 'doneAt': return [f.key, iso(Prisma.sql`${t}.done_at`)];
      case 'dueHasTime': return [f.key, Prisma.sql`${t}.due_has_time`];
      case 'createdAt': return [f.key, iso(Prisma.sql`${t}.created_at`)];
      case 'updatedAt': return [f.key, iso(Prisma.sql`${t}.updated_at`)];
      // formatDueDate: the instant when timed, else the calendar date (stored as 00:00 UTC).
      case 'dueDate': return [f.key, Prisma.sql`CASE WHEN ${t}.due_has_time THEN ${iso(Prisma.sql`${t}.due_at`)} ELSE to_char(${t}.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') END`];
      case 'dueAt': return [f.key, Prisma.sql`CASE WHEN ${t}.due_has_time THEN ${iso(Prisma.sql`${t}.due_at`)} END`];
      case 'project': {
        const project = walk.alias();
        return [f.key, Prisma.sql`(SELECT ${projectObject(walk, f.selections, project)} FROM projects ${Prisma.raw(project)} WHERE ${Prisma.raw(project)}.id = ${t}.project_id)`];
      }
      default: return unknownSelection();
    }
  }));
}
