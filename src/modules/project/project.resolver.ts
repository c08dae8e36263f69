import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Project as DbProject, Task as DbTask, User as DbUser } from '../../generated/prisma/client';
import type { Page } from '../../shared/pagination';
import { User } from '../account/account.types';
import { CreateProjectInput, ProjectsArgs, ProjectTasksArgs, TimeZoneArgs, UpdateProjectInput } from './project.inputs';
import type { ProjectService } from './project.service';
import { Project, ProjectConnection, TaskConnection } from './project.types';
import type { TaskService } from './task.service';
import { IdArg } from '../../shared/ids';

@Resolver(() => Project)
export class ProjectResolver {
  constructor(
    private readonly projectService: ProjectService,
    private readonly taskService: TaskService,
  ) {}

  @Authorized()
  @Query(() => ProjectConnection, { description: "A page of the viewer's projects: active ones unless `filter.isArchived`, newest first unless `orderBy` says otherwise." })
  projects(@CurrentViewer() viewer: Viewer, @Args(() => ProjectsArgs) args: ProjectsArgs, @Ctx() { loaders }: Context): Promise<Page<DbProject>> {
    return this.projectService.list(viewer, args, loaders);
  }

  @Authorized()
  @Query(() => Project, { nullable: true, description: "One of the viewer's projects (archived or not). NOT_FOUND for anyone else's." })
  project(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The project id.') id: string, @Ctx() { loaders }: Context): Promise<DbProject> {
    return this.projectService.getOwned(viewer, id, loaders);
  }

  @Authorized()
  @Mutation(() => Project, { description: 'Creates a project owned by the viewer. CONFLICT when one of their active projects has the same name (ignoring case).' })
  createProject(@CurrentViewer() viewer: Viewer, @Arg('input', () => CreateProjectInput, { description: 'The new project.' }) input: CreateProjectInput): Promise<DbProject> {
    return this.projectService.create(viewer, input);
  }

  @Authorized()
  @Mutation(() => Project, { description: 'Changes an active project (an archived one: BAD_USER_INPUT). CONFLICT on a name in use.' })
  updateProject(
    @CurrentViewer() viewer: Viewer,
    @IdArg('id', 'The project id.') id: string,
    @Arg('input', () => UpdateProjectInput, { description: 'The changes.' }) input: UpdateProjectInput,
    @Ctx() { loaders }: Context,
  ): Promise<DbProject> {
    return this.projectService.update(viewer, id, input, loaders);
  }

  @Authorized()
  @Mutation(() => Project, { description: 'Archives a project (idempotent): hidden from `projects` by default, read-only with its tasks, its name free for another active project.' })
  archiveProject(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The project id.') id: string, @Ctx() { loaders }: Context): Promise<DbProject> {
    return this.projectService.archive(viewer, id, loaders);
  }

  @Authorized()
  @Mutation(() => Project, { description: 'Makes an archived project active again (idempotent). CONFLICT when an active project has taken its name meanwhile.' })
  unarchiveProject(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The project id.') id: string, @Ctx() { loaders }: Context): Promise<DbProject> {
    return this.projectService.unarchive(viewer, id, loaders);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a project (archived or not) and all its tasks, at once.' })
  deleteProject(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The project id.') id: string, @Ctx() { loaders }: Context): Promise<boolean> {
    return this.projectService.delete(viewer, id, loaders);
  }

  @FieldResolver(() => User, { description: 'The owner: always the viewer.' })
  async owner(@Root() project: DbProject, @Ctx() { loaders }: Context): Promise<DbUser> {
    return (await loaders.user.userById.load(project.ownerId))!;
  }

  @FieldResolver(() => TaskConnection, { description: "A page of the project's tasks, batched across projects (one statement for every project of the response)." })
  tasks(@Root() project: DbProject, @CurrentViewer() viewer: Viewer, @Args(() => ProjectTasksArgs) args: ProjectTasksArgs, @Ctx() { loaders }: Context): Promise<Page<DbTask>> {
    return this.taskService.pageOfProject(viewer, project, args, loaders);
  }

  @FieldResolver(() => Int, { description: 'How many tasks it has.' })
  async taskCount(@Root() project: DbProject, @CurrentViewer() viewer: Viewer, @Ctx() { loaders }: Context): Promise<number> {
    return (await this.projectService.taskStats(viewer, project, null, loaders)).total;
  }

  @FieldResolver(() => Int, { description: 'How many of its tasks are done.' })
  async doneTaskCount(@Root() project: DbProject, @CurrentViewer() viewer: Viewer, @Ctx() { loaders }: Context): Promise<number> {
    return (await this.projectService.taskStats(viewer, project, null, loaders)).done;
  }

  @FieldResolver(() => Int, { description: 'How many of its tasks are overdue (not done; a timed due date passed, or a date-only one before today) in the time zone.' })
  async overdueTaskCount(@Root() project: DbProject, @CurrentViewer() viewer: Viewer, @Args(() => TimeZoneArgs) args: TimeZoneArgs, @Ctx() { loaders }: Context): Promise<number> {
    return (await this.projectService.taskStats(viewer, project, args.timeZone, loaders)).overdue;
  }
}
