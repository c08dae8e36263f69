import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Prisma, Project as DbProject } from '../../generated/prisma/client';
import { ConflictError, NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import { pageSize, toPage, type Page } from '../../shared/pagination';
import { isUniqueViolation } from '../../shared/prisma-errors';
import type { Calendar, CalendarLoaders } from './calendar';
import type { CreateProjectInput, ProjectsArgs, UpdateProjectInput } from './project.inputs';
import type { ProjectLoaders } from './project.loaders';
import { optionalText, requiredText } from '../../shared/text';
import { ARCHIVED, assertActive, defaultProjectDirection, ownedProjects, projectNameKey } from './project.policy';
import { checkProjectCursor, projectCount, projectCursor, projectPage, type ProjectListQuery, type TaskCounts } from './project.sql';
import { ProjectOrderField } from './project.types';

const NAME_TAKEN = 'is already used by another of your active projects';

/** The list arguments of `projects`, normalised. @throws UserInputError (bad cursor) */
export function projectListQuery(args: ProjectsArgs): ProjectListQuery {
  const field = args.orderBy?.field ?? ProjectOrderField.CREATED_AT;
  const order = { field, direction: args.orderBy?.direction ?? defaultProjectDirection(field) };
  if (args.after) checkProjectCursor(args.after, order);
  return {
    archived: args.filter?.isArchived ?? false,
    search: args.filter?.search?.trim() || null,
    order,
    first: pageSize(args),
    after: args.after ?? null,
  };
}

/**
 * The request's loaders a project or task write makes stale. Writes take them as an argument,
 * as the lists take theirs: the services are one per app and the loaders one per request,
 * and the service is where it is known which project a write changed.
 */
export interface ProjectCaches {
  project: Pick<ProjectLoaders, 'forget'>;
}

/** Forgets what this request cached about the project, and hands the written row back. */
export function projectChanged<T>(caches: ProjectCaches, projectId: string, written: T): T {
  caches.project.forget(projectId);
  return written;
}

/**
 * Projects: private to their owner. Another user's project is NOT_FOUND, exactly like an
 * unknown id. Active names are unique per owner regardless of case (CONFLICT), which the
 * database enforces with the unique key (owner_id, active_name_key).
 */
export class ProjectService {
  constructor(
    private readonly db: Db,
    private readonly limits: Config['projects'],
    private readonly calendar: Calendar,
  ) {}

  /** @throws NotFoundError unless the project exists and the viewer owns it. */
  async getOwned(viewer: Viewer, id: string, loaders?: CalendarLoaders): Promise<DbProject> {
    const project = loaders ? await loaders.project.projectById.load(id) : await this.db.project.findFirst({ where: { id, ...ownedProjects(viewer) } });
    if (!project) throw new NotFoundError('Project');
    return project;
  }

  /** A page of the viewer's projects: active ones unless `filter.isArchived`. */
  async list(viewer: Viewer, args: ProjectsArgs, loaders: CalendarLoaders): Promise<Page<DbProject>> {
    const query = projectListQuery(args);
    const rows = await projectPage(this.db, viewer.id, query);
    loaders.project.primeProjects(rows);
    return toPage(rows, query.first, (row) => projectCursor(row, query.order), () => projectCount(this.db, viewer.id, query));
  }

  /**
   * taskCount, doneTaskCount and overdueTaskCount come from one batched statement for every
   * project of the response; "overdue" uses the request's time zone.
   * @throws UserInputError (unknown `timeZone`)
   */
  async taskStats(viewer: Viewer, project: DbProject, timeZone: string | null | undefined, loaders: CalendarLoaders): Promise<TaskCounts> {
    const today = await this.calendar.today(viewer, timeZone, loaders);
    return loaders.project.taskStats(today).load(project.id);
  }

  /** @throws UserInputError (empty or too long name or description), ConflictError (name) */
  async create(viewer: Viewer, input: CreateProjectInput): Promise<DbProject> {
    const problems: FieldProblem[] = [];
    const name = requiredText(problems, 'name', input.name, this.limits.nameMaxLength);
    const description = optionalText(problems, 'description', input.description ?? null, this.limits.descriptionMaxLength);
    if (problems.length > 0) throw new UserInputError(problems);
    return this.write(() => this.db.project.create({ data: { ownerId: viewer.id, name, description, activeNameKey: projectNameKey(name) } }));
  }

  /** @throws NotFoundError, UserInputError (archived; bad name or description), ConflictError (name) */
  async update(viewer: Viewer, id: string, input: UpdateProjectInput, caches: ProjectCaches): Promise<DbProject> {
    const project = await this.getOwned(viewer, id);
    assertActive(project, 'id');
    const problems: FieldProblem[] = [];
    const data: Prisma.ProjectUpdateManyMutationInput = {};
    if (input.name != null) {
      data.name = requiredText(problems, 'name', input.name, this.limits.nameMaxLength);
      data.activeNameKey = projectNameKey(data.name);
    }
    if (input.description !== undefined) data.description = optionalText(problems, 'description', input.description, this.limits.descriptionMaxLength);
    if (problems.length > 0) throw new UserInputError(problems);
    // Guarded, so that a project archived meanwhile never gets an active name key back.
    const { count } = await this.write(() => this.db.project.updateMany({ where: { id: project.id, isArchived: false }, data }));
    if (count === 0) throw UserInputError.field('id', ARCHIVED);
    return projectChanged(caches, project.id, await this.db.project.findUniqueOrThrow({ where: { id: project.id } }));
  }

  /** Idempotent. Frees the name for active projects. @throws NotFoundError */
  async archive(viewer: Viewer, id: string, caches: ProjectCaches): Promise<DbProject> {
    const project = await this.getOwned(viewer, id);
    const archived = project.isArchived ? project : await this.db.project.update({ where: { id: project.id }, data: { isArchived: true, activeNameKey: null } });
    return projectChanged(caches, project.id, archived);
  }

  /** Idempotent. @throws NotFoundError, ConflictError (an active project has its name meanwhile) */
  async unarchive(viewer: Viewer, id: string, caches: ProjectCaches): Promise<DbProject> {
    const project = await this.getOwned(viewer, id);
    const active = !project.isArchived
      ? project
      : await this.write(() => this.db.project.update({ where: { id: project.id }, data: { isArchived: false, activeNameKey: projectNameKey(project.name) } }));
    return projectChanged(caches, project.id, active);
  }

  /**
   * Deletes the project and its tasks: one statement (the tasks go by foreign-key cascade),
   * so either all of it is gone or nothing is. Archived projects may be deleted too.
   * @throws NotFoundError
   */
  async delete(viewer: Viewer, id: string, caches: ProjectCaches): Promise<boolean> {
    const { count } = await this.db.project.deleteMany({ where: { id, ...ownedProjects(viewer) } });
    if (count === 0) throw new NotFoundError('Project');
    return projectChanged(caches, id, true);
  }

  /** Runs a write that sets an active name: a duplicate becomes CONFLICT on `name`. */
  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error, 'activeNameKey', 'active_name_key')) throw new ConflictError('name', NAME_TAKEN, { cause: error });
      throw error;
    }
  }
}
