import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Prisma, Project as DbProject, Task as DbTask } from '../../generated/prisma/client';
import { NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import { assertSameRequest, idempotencyColumns, idempotencyOf, keyedRowGone, type Idempotency } from '../../shared/idempotency';
import { pageSize, toPage, type Page } from '../../shared/pagination';
import type { Calendar, CalendarLoaders } from './calendar';
import { dueRange, readDueDate, type DueDate } from './due-dates';
import type { CreateTaskInput, ProjectTasksArgs, TasksArgs, UpdateTaskInput } from './project.inputs';
import { optionalText, requiredText } from '../../shared/text';
import { assertActive, defaultTaskDirection, ownedTasks } from './project.policy';
import { projectChanged, type ProjectCaches, type ProjectService } from './project.service';
import { checkTaskCursor, lockOwnedProject, ownedTaskCount, ownedTaskPage, taskCursor, type TaskConditions, type TaskListQuery } from './project.sql';
import { TaskOrderField } from './project.types';

type Tx = Prisma.TransactionClient;


/**
 * Tasks of the viewer's projects. Another user's task is NOT_FOUND like an unknown id; tasks
 * of an archived project cannot be created or changed (BAD_USER_INPUT: the project is
 * archived). Due dates: see due-dates.ts.
 */
export class TaskService {
  constructor(
    private readonly db: Db,
    private readonly limits: Config['projects'],
    private readonly calendar: Calendar,
    private readonly projects: ProjectService,
  ) {}

  /**
   * Resolves list arguments into a loader key: the time zone is read only when a condition
   * needs "today" or a date bound, and "now" is the request's.
   * @throws UserInputError (time zone, date bounds, cursor)
   */
  async listQuery(viewer: Viewer, args: ProjectTasksArgs, loaders: CalendarLoaders): Promise<TaskListQuery> {
    const filter = args.filter ?? {};
    const field = args.orderBy?.field ?? TaskOrderField.DUE_DATE;
    const order = { field, direction: args.orderBy?.direction ?? defaultTaskDirection(field) };
    if (args.after) checkTaskCursor(args.after, order);
    const conditions: TaskConditions = {
      done: filter.done ?? null,
      search: filter.search?.trim() || null,
      range: null,
      overdue: filter.overdue ?? null,
      dueToday: filter.dueToday ?? null,
      today: null,
    };
    const hasBounds = filter.dueAfter != null || filter.dueBefore != null;
    const needsToday = conditions.overdue !== null || conditions.dueToday !== null;
    // An unknown timeZone is refused even when no condition uses it.
    if (hasBounds || needsToday || args.timeZone != null) {
      const zone = this.calendar.zoneFor(viewer, args.timeZone);
      if (hasBounds) conditions.range = dueRange(filter.dueAfter ?? null, filter.dueBefore ?? null, zone);
      if (needsToday) conditions.today = await this.calendar.today(viewer, args.timeZone, loaders);
    }
    return { ...conditions, order, first: pageSize(args), after: args.after ?? null };
  }

  /** A page of a project the caller already holds (so already the viewer's). */
  async pageOfProject(viewer: Viewer, project: DbProject, args: ProjectTasksArgs, loaders: CalendarLoaders): Promise<Page<DbTask>> {
    const query = await this.listQuery(viewer, args, loaders);
    const rows = await loaders.project.taskPages(query).load(project.id);
    return toPage(rows, query.first, (task) => taskCursor(task, query.order), () => loaders.project.taskCounts(conditionsOf(query)).load(project.id));
  }

  /**
   * The viewer's tasks across their active projects, or in one project (archived or not).
   * @throws NotFoundError (projectId), UserInputError
   */
  async list(viewer: Viewer, args: TasksArgs, loaders: CalendarLoaders): Promise<Page<DbTask>> {
    const projectId = args.filter?.projectId ?? null;
    if (projectId) await this.projects.getOwned(viewer, projectId, loaders);
    const query = await this.listQuery(viewer, args, loaders);
    const rows = await ownedTaskPage(this.db, viewer.id, projectId, query);
    return toPage(rows, query.first, (task) => taskCursor(task, query.order), () => ownedTaskCount(this.db, viewer.id, projectId, conditionsOf(query)));
  }

  /** @throws NotFoundError unless the task exists in one of the viewer's projects. */
  async getOwned(viewer: Viewer, id: string, tx: Tx | Db = this.db): Promise<DbTask> {
    const task = await tx.task.findFirst({ where: { id, ...ownedTasks(viewer) } });
    if (!task) throw new NotFoundError('Task');
    return task;
  }

  /**
   * Adds a task; with an idempotency key, a retry returns the task the key created
   * (src/shared/idempotency.ts). The creator is recorded: it scopes the key.
   * @throws NotFoundError (project), UserInputError (archived project; title, detail, due date),
   *   ConflictError (key used with other fields)
   */
  async create(viewer: Viewer, input: CreateTaskInput, caches: ProjectCaches): Promise<DbTask> {
    const idempotency = idempotencyOf(input.idempotencyKey, [input.projectId, input.title, input.detail, input.dueDate]);
    const earlier = idempotency && (await this.createdWithKey(viewer, idempotency, this.db));
    if (earlier) return projectChanged(caches, earlier.projectId, earlier);
    const task = await this.db.$transaction(async (tx) => {
      const project = await lockOwnedProject(tx, viewer.id, input.projectId);
      if (!project) throw new NotFoundError('Project');
      assertActive(project, 'projectId');
      const problems: FieldProblem[] = [];
      const title = requiredText(problems, 'title', input.title, this.limits.taskTitleMaxLength);
      const detail = optionalText(problems, 'detail', input.detail ?? null, this.limits.taskDetailMaxLength);
      const due = dueDateOf(problems, input.dueDate ?? null);
      if (problems.length > 0) throw new UserInputError(problems);
      const data = {
        projectId: project.id,
        creatorId: viewer.id,
        title,
        detail,
        dueAt: due?.at ?? null,
        dueHasTime: due?.hasTime ?? false,
        ...idempotencyColumns(idempotency),
      };
      if (!idempotency) return tx.task.create({ data });
      // ON CONFLICT DO NOTHING (never a failed statement in this transaction): it waits for a
      // concurrent insert of the same key, and once that one commits this statement sees it.
      const [created] = await tx.task.createManyAndReturn({ data: [data], skipDuplicates: true });
      return created ?? (await this.createdWithKey(viewer, idempotency, tx)) ?? keyedRowGone();
    });
    return projectChanged(caches, task.projectId, task);
  }

  /**
   * The task the viewer created with this key, while it exists in one of their projects, or null.
   * @throws ConflictError when the key came with other fields
   */
  private async createdWithKey(viewer: Viewer, idempotency: Idempotency, tx: Tx | Db): Promise<DbTask | null> {
    const task = await tx.task.findFirst({ where: { creatorId: viewer.id, idempotencyKey: idempotency.key, ...ownedTasks(viewer) } });
    if (task) assertSameRequest(task, idempotency);
    return task;
  }

  /** Omitted fields stay; `detail` or `dueDate` null removes it. @throws NotFoundError, UserInputError */
  async update(viewer: Viewer, id: string, input: UpdateTaskInput, caches: ProjectCaches): Promise<DbTask> {
    const problems: FieldProblem[] = [];
    const data: Prisma.TaskUpdateManyMutationInput = {};
    if (input.title != null) data.title = requiredText(problems, 'title', input.title, this.limits.taskTitleMaxLength);
    if (input.detail !== undefined) data.detail = optionalText(problems, 'detail', input.detail, this.limits.taskDetailMaxLength);
    if (input.dueDate !== undefined) {
      const due = dueDateOf(problems, input.dueDate);
      data.dueAt = due?.at ?? null;
      data.dueHasTime = due?.hasTime ?? false;
    }
    return this.change(viewer, id, caches, () => {
      if (problems.length > 0) throw new UserInputError(problems);
      return data;
    });
  }

  /** Idempotent; `doneAt` is when it was (last) marked done. @throws NotFoundError, UserInputError (archived) */
  async setDone(viewer: Viewer, id: string, done: boolean, caches: ProjectCaches): Promise<DbTask> {
    return this.change(viewer, id, caches, (task) => (task.done === done ? null : { done, doneAt: done ? this.calendar.now() : null }));
  }

  /** @throws NotFoundError, UserInputError (archived project) */
  async delete(viewer: Viewer, id: string, caches: ProjectCaches): Promise<boolean> {
    const task = await this.db.$transaction(async (tx) => {
      const owned = await this.lockOwned(viewer, id, tx);
      await tx.task.delete({ where: { id: owned.id } });
      return owned;
    });
    return projectChanged(caches, task.projectId, true);
  }

  /**
   * Load → authorize → write in one transaction that locks the project row, so a task never
   * changes in a project archived meanwhile. `changes` returns the data, or null for none.
   */
  private async change(viewer: Viewer, id: string, caches: ProjectCaches, changes: (task: DbTask) => Prisma.TaskUpdateManyMutationInput | null): Promise<DbTask> {
    const changed = await this.db.$transaction(async (tx) => {
      const task = await this.lockOwned(viewer, id, tx);
      const data = changes(task);
      if (!data) return task;
      return tx.task.update({ where: { id: task.id }, data });
    });
    return projectChanged(caches, changed.projectId, changed);
  }

  /** The viewer's task, its project row locked and checked active. @throws NotFoundError, UserInputError */
  private async lockOwned(viewer: Viewer, id: string, tx: Tx): Promise<DbTask> {
    const task = await this.getOwned(viewer, id, tx);
    const project = await lockOwnedProject(tx, viewer.id, task.projectId);
    if (!project) throw new NotFoundError('Task');
    assertActive(project, 'id');
    return task;
  }
}

function conditionsOf({ order: _order, first: _first, after: _after, ...conditions }: TaskListQuery): TaskConditions {
  return conditions;
}

function dueDateOf(problems: FieldProblem[], text: string | null): DueDate | null {
  if (text === null || text.trim() === '') return null;
  const due = readDueDate(text);
  if (!('problem' in due)) return due;
  problems.push({ field: 'dueDate', message: due.problem });
  return null;
}
