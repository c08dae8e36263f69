/**
 * Who may see which community. Pure functions: the services load rows, then ask here.
 *
 * A school's boards, posts and comments are for the verified members of that school
 * (src/auth/membership.ts) and for STAFF; to anyone else they do not exist (NOT_FOUND, never
 * FORBIDDEN, so ids are not confirmed).
 */
import { isSchoolMember, memberSchoolId } from '../../auth/membership';
import { Role, type Viewer } from '../../auth/viewer';
import type { Prisma } from '../../generated/prisma/client';

export function isStaff(viewer: Viewer | null): boolean {
  return viewer?.role === Role.STAFF;
}

export function canReadSchool(viewer: Viewer | null, schoolId: string): boolean {
  return viewer !== null && (isStaff(viewer) || isSchoolMember(viewer, schoolId));
}

/** The schools whose community `viewer` may read; `null` means every school (STAFF). */
export function readableSchoolIds(viewer: Viewer): string[] | null {
  if (isStaff(viewer)) return null;
  const school = memberSchoolId(viewer);
  return school ? [school] : [];
}

/**
 * THE rule of who may see a post, as the where-clause every reader of posts filters by (a
 * single post, a list, a scrap, a message about a post): the post is live, on a live board,
 * of a school the viewer may read. Anything else is NOT_FOUND to the caller.
 */
export function visiblePostWhere(viewer: Viewer): Prisma.PostWhereInput {
  const schools = readableSchoolIds(viewer);
  return { deletedAt: null, board: { deletedAt: null, ...(schools ? { schoolId: { in: schools } } : {}) } };
}

/** Authors and STAFF may edit or delete content. */
export function canModerate(viewer: Viewer, authorId: string | null): boolean {
  return isStaff(viewer) || viewer.id === authorId;
}

/**
 * The content a viewer is shown of a post or comment: none while reports have blinded it,
 * except to STAFF (who decide whether to restore it). A deleted comment's content is hidden
 * by its resolver before this is asked.
 */
export function visibleContent(viewer: Viewer | null, item: { content: string; blindedAt: Date | null }): string | null {
  return item.blindedAt && !isStaff(viewer) ? null : item.content;
}
