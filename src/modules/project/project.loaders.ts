import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Task as DbTask, User as DbUser } from '../../generated/prisma/client';
import { byKey, groupByKey, LoadersByArgs } from '../../shared/loader-utils';
import type { Today } from './due-dates';
import {
  projectsByIds,
  taskCountsByProject,
  taskPagesByProject,
  taskStatsByProject,
  type ProjectRow,
  type TaskConditions,
  type TaskCounts,
  type TaskListQuery,
} from './project.sql';

export type ProjectLoaders = ReturnType<typeof createProjectLoaders>;

/**
 * Per request, scoped to the viewer: `projectById` finds only the viewer's projects. List
 * and count loaders are keyed by their resolved arguments (LoadersByArgs), so differently
 * shaped lists never share a batch, while the same list under 50 projects is one statement.
 * Project rows carry their owner, which primes `userById` (owner and time zone for free).
 */
export function createProjectLoaders(db: Db, viewer: Viewer | null, userById: DataLoader<string, DbUser | null>) {
  const byArgs = new LoadersByArgs();
  /** Every per-project loader made in this request, to forget a project after a change. */
  const perProject: DataLoader<string, unknown>[] = [];
  const track = <T>(loader: DataLoader<string, T>) => {
    perProject.push(loader as DataLoader<string, unknown>);
    return loader;
  };

  const projectById = new DataLoader<string, ProjectRow | null>(async (ids) => {
    if (!viewer) return ids.map(() => null);
    const rows = await projectsByIds(db, viewer.id, ids);
    rows.forEach((row) => userById.prime(row.owner.id, row.owner));
    return byKey(ids, rows, (row) => row.id);
  });

  return {
    /** "Now" for this request, fixed at first use so that every field and loader key agree. */
    clock: { now: null as Date | null, todayByZone: new Map<string, Today>() },

    projectById,

    /** Rows read by a list: later `projectById` loads and the owner cost nothing. */
    primeProjects(rows: ProjectRow[]): void {
      for (const row of rows) {
        projectById.prime(row.id, row);
        userById.prime(row.owner.id, row.owner);
      }
    },

    /** The first page of tasks of each project, for one resolved set of list arguments. */
    taskPages: (query: TaskListQuery) =>
      byArgs.get('taskPages', query, () =>
        track(new DataLoader<string, DbTask[]>(async (projectIds) => groupByKey(projectIds, await taskPagesByProject(db, projectIds, query), (t) => t.projectId))),
      ),

    /** How many tasks of each project match the conditions (a connection's totalCount). */
    taskCounts: (conditions: TaskConditions) =>
      byArgs.get('taskCounts', conditions, () =>
        track(
          new DataLoader<string, number>(async (projectIds) => {
            const counts = await taskCountsByProject(db, projectIds, conditions);
            return projectIds.map((id) => counts.get(id) ?? 0);
          }),
        ),
      ),

    /** taskCount, doneTaskCount and overdueTaskCount of each project: one statement for all three. */
    taskStats: (today: Today) =>
      byArgs.get('taskStats', today, () =>
        track(
          new DataLoader<string, TaskCounts>(async (projectIds) => {
            const stats = await taskStatsByProject(db, projectIds, today);
            return projectIds.map((id) => stats.get(id) ?? { total: 0, done: 0, overdue: 0 });
          }),
        ),
      ),

    /** Forgets what this request cached about a project, after changing it or its tasks. */
    forget(projectId: string): void {
      projectById.clear(projectId);
      for (const loader of perProject) loader.clear(projectId);
    },
  };
}
