import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Project as DbProject, Task as DbTask } from '../../generated/prisma/client';
import type { Page } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { formatDueDate } from './due-dates';
import { CreateTaskInput, TasksArgs, UpdateTaskInput } from './project.inputs';
import { Project, Task, TaskConnection } from './project.types';
import type { TaskService } from './task.service';
import { IdArg } from '../../shared/ids';

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
  createTask(@CurrentViewer() viewer: Viewer, @Arg('input', () => CreateTaskInput, { description: 'The new task.' }) input: CreateTaskInput, @Ctx() { loaders }: Context): Promise<DbTask> {
    return this.taskService.create(viewer, input, loaders);
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Changes a task of an active project.' })
  updateTask(
    @CurrentViewer() viewer: Viewer,
    @IdArg('id', 'The task id.') id: string,
    @Arg('input', () => UpdateTaskInput, { description: 'The changes.' }) input: UpdateTaskInput,
    @Ctx() { loaders }: Context,
  ): Promise<DbTask> {
    return this.taskService.update(viewer, id, input, loaders);
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Marks a task of an active project done or not done (idempotent).' })
  setTaskDone(
    @CurrentViewer() viewer: Viewer,
    @IdArg('id', 'The task id.') id: string,
    @Arg('done', () => Boolean, { description: 'Done (true) or not (false).' }) done: boolean,
    @Ctx() { loaders }: Context,
  ): Promise<DbTask> {
    return this.taskService.setDone(viewer, id, done, loaders);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a task of an active project.' })
  deleteTask(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The task id.') id: string, @Ctx() { loaders }: Context): Promise<boolean> {
    return this.taskService.delete(viewer, id, loaders);
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
