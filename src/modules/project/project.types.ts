import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Project as DbProject, Task as DbTask } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';

export enum ProjectOrderField {
  CREATED_AT = 'CREATED_AT',
  NAME = 'NAME',
  UPDATED_AT = 'UPDATED_AT',
}

export enum TaskOrderField {
  DUE_DATE = 'DUE_DATE',
  CREATED_AT = 'CREATED_AT',
  TITLE = 'TITLE',
}

registerEnumType(ProjectOrderField, {
  name: 'ProjectOrderField',
  description: 'What to sort projects by (ties: by id, in the same direction).',
  valuesConfig: {
    CREATED_AT: { description: 'When the project was created (default direction DESC).' },
    NAME: { description: 'Name, ignoring case (default direction ASC).' },
    UPDATED_AT: { description: 'When the project itself was last changed (default direction DESC).' },
  },
});
registerEnumType(TaskOrderField, {
  name: 'TaskOrderField',
  description: 'What to sort tasks by (ties: by id, in the same direction).',
  valuesConfig: {
    DUE_DATE: {
      description: 'Due date (default direction ASC). Tasks without one come last in either direction; a date-only due date sorts as 00:00 UTC of its date.',
    },
    CREATED_AT: { description: 'When the task was created (default direction DESC).' },
    TITLE: { description: 'Title, ignoring case (default direction ASC).' },
  },
});

@ObjectType('Project', { simpleResolvers: true, description: 'A project of the task tracker. Only its owner sees it; to anyone else it does not exist (NOT_FOUND).' })
export class Project implements Pick<DbProject, 'id' | 'name' | 'description' | 'isArchived' | 'createdAt' | 'updatedAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: "Name; unique among the owner's active projects, ignoring case." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Description, if any.' })
  description!: string | null;

  @Field(() => Boolean, { description: 'Archived projects are hidden from `projects` by default and read-only (they can be unarchived or deleted).' })
  isArchived!: boolean;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the project itself (name, description, archive state) last changed.' })
  updatedAt!: Date;
}

@ObjectType('Task', { simpleResolvers: true, description: 'A task of a project; visible to the project owner only.' })
export class Task implements Pick<DbTask, 'id' | 'title' | 'detail' | 'done' | 'doneAt' | 'dueHasTime' | 'createdAt' | 'updatedAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: 'Title.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Longer text, if any.' })
  detail!: string | null;

  @Field(() => Boolean, { description: 'Whether it is done.' })
  done!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was marked done; null while not done.' })
  doneAt!: Date | null;

  @Field(() => Boolean, { description: 'Whether the due date has a time of day (false for a date-only due date or none).' })
  dueHasTime!: boolean;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it last changed.' })
  updatedAt!: Date;
}

export const ProjectConnection = ConnectionType('Project', Project);
export const TaskConnection = ConnectionType('Task', Task);
