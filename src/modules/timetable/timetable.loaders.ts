import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Lecture as DbLecture, LectureReview as DbLectureReview, Timetable as DbTimetable } from '../../generated/prisma/client';
import { byKey, groupByKey, LoadersByArgs } from '../../shared/loader-utils';
import { lecturesByIds, lecturesOfTimetables } from './lecture.sql';
import { reviewPagesByLecture, type ReviewPageKey } from './review.sql';
import { TimetableVisibility } from './timetable.types';

export type TimetableLoaders = ReturnType<typeof createTimetableLoaders>;

/**
 * Per request. Lists are keyed by their resolved arguments (LoadersByArgs), so that the same
 * nested list under 50 timetables or 50 friends is one statement, and two differently shaped
 * lists never share a batch. These loaders do not authorize: they are reached only from rows
 * the services already checked (the viewer's timetables, lectures of a readable catalogue,
 * the viewer's friends).
 */
export function createTimetableLoaders(db: Db, viewer: Viewer | null) {
  const byArgs = new LoadersByArgs();
  const lectureById = new DataLoader<string, DbLecture | null>(async (ids) => byKey(ids, await lecturesByIds(db, ids), (l) => l.id));

  const lecturesByTimetableId = new DataLoader<string, DbLecture[]>(async (timetableIds) => {
    const rows = await lecturesOfTimetables(db, timetableIds);
    for (const row of rows) lectureById.prime(row.id, row);
    return groupByKey(timetableIds, rows, (row) => row.timetableId);
  });

  return {
    lectureById,
    lecturesByTimetableId,

    /** The first page of reviews of each lecture, for one resolved set of list arguments. */
    reviewPages: (key: ReviewPageKey) =>
      byArgs.get('reviewPages', key, () =>
        new DataLoader<string, DbLectureReview[]>(async (lectureIds) => groupByKey(lectureIds, await reviewPagesByLecture(db, lectureIds, key), (r) => r.lectureId)),
      ),

    /**
     * Each user's primary timetable of `semester` when shared with friends (visibility
     * FRIENDS), else null. Only for users already known to be the viewer's friends.
     */
    sharedPrimaryTimetable: (semester: string) =>
      byArgs.get('sharedPrimaryTimetable', semester, () =>
        new DataLoader<string, DbTimetable | null>(async (userIds) => {
          if (!viewer) return userIds.map(() => null);
          const rows = await db.timetable.findMany({
            where: { userId: { in: [...userIds] }, primarySemester: semester, visibility: TimetableVisibility.FRIENDS },
          });
          return byKey(userIds, rows, (t) => t.userId);
        }),
      ),
  };
}
