import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsIdempotencyKey, idempotencyKeyDescription } from '../../shared/idempotency';
import { ConnectionArgs } from '../../shared/pagination';
import { OrderDirection } from '../../shared/ordering';
import { ProjectOrderField, TaskOrderField } from './project.types';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';
import { IsTimeZoneName } from '../../shared/time-zone';

/** Hard cap on text arguments before the configured limits are checked in the services. */
const TEXT_CAP = 100_000;
export const SEARCH_MAX_LENGTH = 100;
const DUE_DATE_MAX_LENGTH = 40;

const DUE_DATE_FORMAT = 'a date `YYYY-MM-DD` (date only) or an ISO-8601 date-time with its offset (`2026-03-02T18:00:00+09:00`, `…Z`)';
const TIME_ZONE_DESCRIPTION =
  "IANA time zone (e.g. `Asia/Seoul`) for \"today\", \"overdue\" and date bounds; default: the viewer's profile zone, else the server default.";

@InputType('ProjectFilter', { description: 'Which projects to list.' })
export class ProjectFilter {
  @Field(() => String, { nullable: true, description: 'Only projects whose name or description contains this text (ignoring case).' })
  @IsOptional()
  @MaxText(SEARCH_MAX_LENGTH)
  search?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'false (default): active projects only; true: archived projects only.' })
  @IsOptional()
  isArchived?: boolean | null;
}

@InputType('ProjectOrder', { description: 'How to sort projects.' })
export class ProjectOrder {
  @Field(() => ProjectOrderField, { description: 'The sort key.' })
  field!: ProjectOrderField;

  @Field(() => OrderDirection, { nullable: true, description: 'The direction; default ASC for NAME, DESC for the dates.' })
  @IsOptional()
  direction?: OrderDirection | null;
}

@ArgsType()
export class ProjectsArgs extends ConnectionArgs {
  @Field(() => ProjectFilter, { nullable: true, description: 'Default: active projects.' })
  @IsOptional()
  @ValidateNested()
  filter?: ProjectFilter | null;

  @Field(() => ProjectOrder, { nullable: true, description: 'Default: newest first.' })
  @IsOptional()
  orderBy?: ProjectOrder | null;
}

@InputType('CreateProjectInput', { description: 'A new project.' })
export class CreateProjectInput {
  @Field(() => String, { description: "Name: not empty, 100 characters by default, unique among the viewer's active projects (CONFLICT)." })
  @IsString()
  @MaxLength(TEXT_CAP)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Description (2,000 characters by default); empty means none.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  description?: string | null;
}

@InputType('UpdateProjectInput', { description: 'Changes to a project; omitted fields stay.' })
export class UpdateProjectInput {
  @Field(() => String, { nullable: true, description: 'New name (null: unchanged).' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description; null or empty removes it.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  description?: string | null;
}

@InputType('ProjectTaskFilter', { description: 'Which tasks of a project to list; conditions combine with AND.' })
export class ProjectTaskFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only done (true) or not done (false) tasks.' })
  @IsOptional()
  done?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: `Only tasks due at or after this bound: ${DUE_DATE_FORMAT}. A date means the start of that day in the time zone; a date-only task counts when its day overlaps the range.`,
  })
  @IsOptional()
  @MaxLength(DUE_DATE_MAX_LENGTH, { message: 'is not a valid date' })
  dueAfter?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Only tasks due before this bound (exclusive): ${DUE_DATE_FORMAT}. A date means the start of that day, so \`dueBefore: "2026-03-08"\` ends with March 7. Not earlier than dueAfter.`,
  })
  @IsOptional()
  @MaxLength(DUE_DATE_MAX_LENGTH, { message: 'is not a valid date' })
  dueBefore?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only overdue (true) or not overdue (false) tasks. Overdue: not done, and a timed due date has passed or a date-only due date is before today.',
  })
  @IsOptional()
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only tasks due today (true), done or not, or only the others (false), in the time zone.' })
  @IsOptional()
  dueToday?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only tasks whose title or detail contains this text (ignoring case).' })
  @IsOptional()
  @MaxText(SEARCH_MAX_LENGTH)
  search?: string | null;
}

@InputType('TaskFilter', { description: "Which of the viewer's tasks to list; conditions combine with AND." })
export class TaskFilter extends ProjectTaskFilter {
  @Field(() => ID, { nullable: true, description: 'Only this project (archived or not). Without it: the tasks of all active projects.' })
  @IsOptional()
  @IsId()
  projectId?: string | null;
}

@InputType('TaskOrder', { description: 'How to sort tasks.' })
export class TaskOrder {
  @Field(() => TaskOrderField, { description: 'The sort key.' })
  field!: TaskOrderField;

  @Field(() => OrderDirection, { nullable: true, description: 'The direction; default ASC for DUE_DATE and TITLE, DESC for CREATED_AT.' })
  @IsOptional()
  direction?: OrderDirection | null;
}

/** What every task page takes besides its filter: a page, an order and a time zone. */
@ArgsType()
export class TaskPageArgs extends ConnectionArgs {
  @Field(() => TaskOrder, { nullable: true, description: 'Default: by due date, soonest first, tasks without one last.' })
  @IsOptional()
  orderBy?: TaskOrder | null;

  @Field(() => String, { nullable: true, description: TIME_ZONE_DESCRIPTION })
  @IsOptional()
  @IsTimeZoneName()
  timeZone?: string | null;
}

@ArgsType()
export class ProjectTasksArgs extends TaskPageArgs {
  @Field(() => ProjectTaskFilter, { nullable: true, description: 'Default: all tasks of the project.' })
  @IsOptional()
  @ValidateNested()
  filter?: ProjectTaskFilter | null;
}

@ArgsType()
export class TasksArgs extends TaskPageArgs {
  @Field(() => TaskFilter, { nullable: true, description: 'Default: the tasks of all active projects.' })
  @IsOptional()
  @ValidateNested()
  filter?: TaskFilter | null;
}

@ArgsType()
export class TimeZoneArgs {
  @Field(() => String, { nullable: true, description: TIME_ZONE_DESCRIPTION })
  @IsOptional()
  @IsTimeZoneName()
  timeZone?: string | null;
}

@InputType('CreateTaskInput', { description: 'A new task.' })
export class CreateTaskInput {
  @Field(() => ID, { description: 'The project (active, owned by the viewer).' })
  @IsId()
  projectId!: string;

  @Field(() => String, { description: 'Title: not empty, 200 characters by default.' })
  @IsString()
  @MaxLength(TEXT_CAP)
  title!: string;

  @Field(() => String, { nullable: true, description: 'Longer text (10,000 characters by default); empty means none.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  detail?: string | null;

  @Field(() => String, { nullable: true, description: `Due date: ${DUE_DATE_FORMAT}.` })
  @IsOptional()
  @MaxLength(DUE_DATE_MAX_LENGTH, { message: 'is not a valid date' })
  dueDate?: string | null;

  @Field(() => String, { nullable: true, description: idempotencyKeyDescription('task', { rateLimited: false }) })
  @IsOptional()
  @IsIdempotencyKey()
  idempotencyKey?: string | null;
}

@InputType('UpdateTaskInput', { description: 'Changes to a task; omitted fields stay.' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true, description: 'New title (null: unchanged).' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New detail; null or empty removes it.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  detail?: string | null;

  @Field(() => String, { nullable: true, description: `New due date (${DUE_DATE_FORMAT}); null removes it.` })
  @IsOptional()
  @MaxLength(DUE_DATE_MAX_LENGTH, { message: 'is not a valid date' })
  dueDate?: string | null;
}
