/**
 * The tracker's rules, as pure functions. A project and its tasks belong to the project's
 * owner alone: every query is scoped by owner, so another user's id finds nothing and
 * answers NOT_FOUND exactly like an unknown id. An archived project is read-only (its
 * tasks too) until it is unarchived; it may still be deleted.
 */
import type { Viewer } from '../../auth/viewer';
import type { Prisma, Project as DbProject } from '../../generated/prisma/client';
import { UserInputError } from '../../shared/errors';
import { OrderDirection } from '../../shared/ordering';
import { ProjectOrderField, TaskOrderField } from './project.types';

export const ARCHIVED = 'the project is archived';

export function ownedProjects(viewer: Viewer): Prisma.ProjectWhereInput {
  return { ownerId: viewer.id };
}

export function ownedTasks(viewer: Viewer): Prisma.TaskWhereInput {
  return { project: { ownerId: viewer.id } };
}

/** @throws UserInputError on `field` when the project is archived. */
export function assertActive(project: Pick<DbProject, 'isArchived'>, field: string): void {
  if (project.isArchived) throw UserInputError.field(field, ARCHIVED);
}

/** The key that makes active names unique per owner: same name regardless of case. */
export function projectNameKey(name: string): string {
  return name.toLowerCase();
}

/** Names and titles read A→Z, dates newest first, due dates soonest first. */
export function defaultProjectDirection(field: ProjectOrderField): OrderDirection {
  return field === ProjectOrderField.NAME ? OrderDirection.ASC : OrderDirection.DESC;
}

export function defaultTaskDirection(field: TaskOrderField): OrderDirection {
  return field === TaskOrderField.CREATED_AT ? OrderDirection.DESC : OrderDirection.ASC;
}
