import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Project as DbProject, Task as DbTask } from '../../generated/prisma/client';
import type { Page } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { formatDueDate } from './due-dates';
import { CreateTaskInput, TasksArgs, UpdateTaskInput } from './project.inputs';
import { projectChanged } from './project.resolver';
import { Project, Task, TaskConnection } from './project.types';
import type { TaskService } from './task.service';
import { IdArg } from '../../shared/ids';

function taskChanged(ctx: Context, task: DbTask): DbTask {
  projectChanged(ctx, { id: task.projectId });
  return task;
}

@Resolver(() => Task)
export class TaskResolver {
  constructor(private readonly taskService: TaskService) {}

  @Authorized()
  @Query(() => TaskConnection, { description: "A page of the viewer's tasks: of all their active projects, or of `filter.projectId`. Soonest due first unless `orderBy` says otherwise." })
  tasks(@CurrentViewer() viewer: Viewer, @Args(() => TasksArgs) args: TasksArgs, @Ctx() { loaders }: Context): Promise<Page<DbTask>> {
    return this.taskService.list(viewer, args, loaders);
  }

  @Authorized()
  @Query(() => Task, { nullable: true, description: "One of the viewer's tasks. NOT_FOUND for anyone else's." })
  task(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The task id.') id: string): Promise<DbTask> {
    return this.taskService.getOwned(viewer, id);
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Adds a task to one of the viewer\'s active projects (archived: BAD_USER_INPUT).' })
  async createTask(@CurrentViewer() viewer: Viewer, @Arg('input', () => CreateTaskInput, { description: 'The new task.' }) input: CreateTaskInput, @Ctx() ctx: Context): Promise<DbTask> {
    return taskChanged(ctx, await this.taskService.create(viewer, input));
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Changes a task of an active project.' })
  async updateTask(
    @CurrentViewer() viewer: Viewer,
    @IdArg('id', 'The task id.') id: string,
    @Arg('input', () => UpdateTaskInput, { description: 'The changes.' }) input: UpdateTaskInput,
    @Ctx() ctx: Context,
  ): Promise<DbTask> {
    return taskChanged(ctx, await this.taskService.update(viewer, id, input));
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Marks a task of an active project done or not done (idempotent).' })
  async setTaskDone(
    @CurrentViewer() viewer: Viewer,
    @IdArg('id', 'The task id.') id: string,
    @Arg('done', () => Boolean, { description: 'Done (true) or not (false).' }) done: boolean,
    @Ctx() ctx: Context,
  ): Promise<DbTask> {
    return taskChanged(ctx, await this.taskService.setDone(viewer, id, done));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a task of an active project.' })
  async deleteTask(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The task id.') id: string, @Ctx() ctx: Context): Promise<boolean> {
    taskChanged(ctx, await this.taskService.delete(viewer, id));
    return true;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The due date as set: `YYYY-MM-DD` when date only, else the instant in UTC (ISO-8601); null when none.' })
  dueDate(@Root() task: DbTask): string | null {
    return task.dueAt ? formatDueDate(task.dueAt, task.dueHasTime) : null;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'The due instant when the due date has a time; null for a date-only due date or none.' })
  dueAt(@Root() task: DbTask): Date | null {
    return task.dueHasTime ? task.dueAt : null;
  }

  @FieldResolver(() => Project, { description: 'The project it belongs to.' })
  async project(@Root() task: DbTask, @Ctx() { loaders }: Context): Promise<DbProject> {
    return (await loaders.project.projectById.load(task.projectId))!;
  }
}
