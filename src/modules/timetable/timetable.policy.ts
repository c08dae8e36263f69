/**
 * Who may see and do what in the timetable module. Pure functions over rows; the services
 * load, ask here, then write.
 *
 * Membership is the community's rule (canReadSchool in community.policy.ts), so that when
 * that rule changes (verified membership) lectures, timetables and friends follow. Anything
 * a viewer may not see answers NOT_FOUND, the same as an unknown id.
 */
import { verifiedSchoolIdOf } from '../../auth/membership';
import type { Viewer } from '../../auth/viewer';
import type { Lecture as DbLecture, Timetable as DbTimetable, User as DbUser } from '../../generated/prisma/client';
import { canReadSchool, isStaff } from '../community/community.policy';
import { TimetableVisibility } from './timetable.types';

/** The school whose catalogue and friends the viewer uses: their own, when they are a member. */
export function memberSchoolId(viewer: Viewer): string | null {
  return viewer.schoolId !== null && canReadSchool(viewer, viewer.schoolId) ? viewer.schoolId : null;
}

/** A school's catalogue is for its members and STAFF. */
export function canReadCatalogue(viewer: Viewer, schoolId: string): boolean {
  return canReadSchool(viewer, schoolId);
}

export function canReadLecture(viewer: Viewer, lecture: Pick<DbLecture, 'schoolId'>): boolean {
  return canReadSchool(viewer, lecture.schoolId);
}

/**
 * Friends are members of the same school: the viewer a member of their school, the other a
 * live account of that school.
 */
export function areSchoolmates(viewer: Viewer, other: Pick<DbUser, 'id' | 'schoolId' | 'schoolVerifiedAt' | 'deletedAt'>): boolean {
  const schoolId = memberSchoolId(viewer);
  // The other account counts only as a verified member (src/auth/membership.ts).
  return schoolId !== null && other.id !== viewer.id && other.deletedAt === null && verifiedSchoolIdOf(other) === schoolId;
}

/** A friend sees the owner's primary timetable of a semester unless the owner made it private. */
export function isSharedWithFriends(timetable: Pick<DbTimetable, 'primarySemester' | 'visibility'>): boolean {
  return timetable.primarySemester !== null && timetable.visibility === TimetableVisibility.FRIENDS;
}

/** Reports blind a review's text for everyone but STAFF, as for posts. */
export function canReadBlinded(viewer: Viewer | null): boolean {
  return isStaff(viewer);
}

/** Writers and STAFF may delete a review. */
export function canDeleteReview(viewer: Viewer, authorId: string): boolean {
  return isStaff(viewer) || viewer.id === authorId;
}
