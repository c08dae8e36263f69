import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Lecture as DbLecture } from '../../generated/prisma/client';
import { NotFoundError, UserInputError } from '../../shared/errors';
import { pageSize, toPage, type Page } from '../../shared/pagination';
import type { LecturesArgs } from './lecture.inputs';
import { DEFAULT_LECTURE_ORDER, lectureCount, lectureCursor, lecturePage, type LecturePageQuery } from './lecture.sql';
import type { TimetableLoaders } from './timetable.loaders';
import { canReadCatalogue, canReadLecture } from './timetable.policy';
import { normalizeSemester, SEMESTER_MESSAGE } from './semester';
import { slotProblem } from './slots';

/**
 * The canonical semester from client text.
 * @throws UserInputError naming `field`
 */
export function checkSemester(field: string, text: string): string {
  const semester = normalizeSemester(text);
  if (!semester) throw UserInputError.field(field, SEMESTER_MESSAGE);
  return semester;
}

/**
 * Lecture catalogues: readable by the members of the school (and STAFF), like its boards.
 * Catalogues are written only by the operators' import (lecture-import.ts).
 */
export class LectureService {
  constructor(private readonly db: Db) {}

  /**
   * A page of a school's catalogue for a semester.
   * @throws NotFoundError (school not readable), UserInputError (semester, freeAt, cursor)
   */
  async list(viewer: Viewer, args: LecturesArgs): Promise<Page<DbLecture>> {
    const semester = checkSemester('semester', args.semester);
    const freeAt = args.filter?.freeAt ?? null;
    freeAt?.forEach((slot, index) => {
      const problem = slotProblem(slot);
      if (problem) throw UserInputError.field(`filter.freeAt.${index}`, problem);
    });
    if (!canReadCatalogue(viewer, args.schoolId)) throw new NotFoundError('School');
    const query: LecturePageQuery = {
      schoolId: args.schoolId,
      semester,
      filter: { ...args.filter, freeAt },
      order: args.orderBy ? { field: args.orderBy.field, direction: args.orderBy.direction } : DEFAULT_LECTURE_ORDER,
      first: pageSize(args),
      after: args.after ?? null,
    };
    const rows = await lecturePage(this.db, query);
    return toPage(rows, query.first, (lecture) => lectureCursor(lecture, query.order), () => lectureCount(this.db, query));
  }

  /** @throws NotFoundError unless the lecture exists and the viewer may read its catalogue. */
  async getVisible(viewer: Viewer, id: string, loaders?: TimetableLoaders): Promise<DbLecture> {
    const lecture = loaders ? await loaders.lectureById.load(id) : await this.db.lecture.findUnique({ where: { id } });
    if (!lecture || !canReadLecture(viewer, lecture)) throw new NotFoundError('Lecture');
    return lecture;
  }
}
