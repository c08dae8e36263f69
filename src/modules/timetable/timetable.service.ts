import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Lecture as DbLecture, Prisma, Timetable as DbTimetable } from '../../generated/prisma/client';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError } from '../../shared/errors';
import { isUniqueViolation } from '../../shared/prisma-errors';
import type { FriendService } from './friend.service';
import { checkSemester, type LectureService } from './lecture.service';
import { describeSlot, slotsClash, storedSlots, type Slot } from './slots';
import { TIMETABLE_NAME_MAX_LENGTH } from './timetable.inputs';
import { lockOwnTimetable, lockSemesterTimetables } from './timetable.sql';
import type { TimetableLoaders } from './timetable.loaders';
import { isSharedWithFriends, memberSchoolId } from './timetable.policy';
import type { TimetableVisibility } from './timetable.types';
import { normalizeText, textLength } from '../../shared/text';

type Tx = Prisma.TransactionClient;

/** How many timetables one user may keep per semester. */
export const TIMETABLES_PER_SEMESTER_MAX = 20;
/**
 * How many lectures one timetable may hold. Online lectures never clash, so without a cap a
 * timetable could hold a whole catalogue, and nested lists under it (reviews of each lecture)
 * would grow with it.
 */
export const LECTURES_PER_TIMETABLE_MAX = 30;

function checkName(text: string): string {
  const name = normalizeText(text);
  if (name.length === 0 || textLength(name) > TIMETABLE_NAME_MAX_LENGTH) throw UserInputError.field('name', `must be 1-${TIMETABLE_NAME_MAX_LENGTH} characters`);
  return name;
}

/** The first meeting of `lecture` that clashes with a lecture already in the list, if any. */
export function findClash(lecture: Pick<DbLecture, 'slots'>, others: readonly DbLecture[]): { other: DbLecture; slot: Slot } | null {
  for (const slot of storedSlots(lecture.slots)) {
    for (const other of others) {
      const clashing = storedSlots(other.slots).find((theirs) => slotsClash(slot, theirs));
      if (clashing) return { other, slot: clashing };
    }
  }
  return null;
}

/**
 * The viewer's timetables, several per semester (시간표 1, 2, …), exactly one of which is
 * primary while any exist. Every operation is on the viewer's own timetables; any other id
 * is NOT_FOUND. A timetable belongs to the school the viewer was a member of when creating
 * it, and takes lectures of that school's catalogue for its semester.
 */
export class TimetableService {
  constructor(
    private readonly db: Db,
    private readonly lectures: LectureService,
    private readonly friends: FriendService,
  ) {}

  /** The viewer's timetables of a semester: the primary one first, then oldest first. @throws UserInputError (semester) */
  async listMine(viewer: Viewer, semesterText: string): Promise<DbTimetable[]> {
    const semester = checkSemester('semester', semesterText);
    const rows = await this.db.timetable.findMany({ where: { userId: viewer.id, semester }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return [...rows.filter((t) => t.primarySemester !== null), ...rows.filter((t) => t.primarySemester === null)];
  }

  /** @throws NotFoundError unless it is one of the viewer's timetables. */
  async getOwn(viewer: Viewer, id: string, tx: Tx | Db = this.db): Promise<DbTimetable> {
    const timetable = await tx.timetable.findFirst({ where: { id, userId: viewer.id } });
    if (!timetable) throw new NotFoundError('Timetable');
    return timetable;
  }

  /**
   * A new timetable of the viewer's school; the first of its semester becomes primary.
   * @throws ForbiddenError (not a member of a school), UserInputError (semester, name, too many)
   */
  async create(viewer: Viewer, input: { semester: string; name: string }): Promise<DbTimetable> {
    const schoolId = memberSchoolId(viewer);
    if (!schoolId) throw new ForbiddenError('Timetables are for members of a school');
    const semester = checkSemester('semester', input.semester);
    const name = checkName(input.name);
    const existing = await this.db.timetable.count({ where: { userId: viewer.id, semester } });
    if (existing >= TIMETABLES_PER_SEMESTER_MAX) throw UserInputError.field('semester', `already has ${TIMETABLES_PER_SEMESTER_MAX} timetables`);
    const data = { userId: viewer.id, schoolId, semester, name };
    const hasPrimary = existing > 0 && (await this.db.timetable.count({ where: { userId: viewer.id, primarySemester: semester } })) > 0;
    if (hasPrimary) return this.db.timetable.create({ data });
    try {
      return await this.db.timetable.create({ data: { ...data, primarySemester: semester } });
    } catch (error) {
      // A concurrent create took the primary place first: this one is a further timetable.
      if (!isUniqueViolation(error, 'primarySemester', 'primary_semester')) throw error;
      return this.db.timetable.create({ data });
    }
  }

  /** @throws NotFoundError, UserInputError (name) */
  async rename(viewer: Viewer, id: string, nameText: string): Promise<DbTimetable> {
    const timetable = await this.getOwn(viewer, id);
    const name = checkName(nameText);
    return this.db.timetable.update({ where: { id: timetable.id }, data: { name } });
  }

  /** @throws NotFoundError */
  async setVisibility(viewer: Viewer, id: string, visibility: TimetableVisibility): Promise<DbTimetable> {
    const timetable = await this.getOwn(viewer, id);
    return this.db.timetable.update({ where: { id: timetable.id }, data: { visibility } });
  }

  /**
   * Makes the timetable the primary one of its semester (the one friends see). Idempotent.
   * The semester's timetables are locked first, so concurrent calls end with one primary.
   * @throws NotFoundError
   */
  async setPrimary(viewer: Viewer, id: string): Promise<DbTimetable> {
    const timetable = await this.getOwn(viewer, id);
    return this.db.$transaction(async (tx) => {
      await this.lockSemester(tx, viewer.id, timetable.semester);
      await tx.timetable.updateMany({ where: { userId: viewer.id, semester: timetable.semester, primarySemester: { not: null }, id: { not: timetable.id } }, data: { primarySemester: null } });
      return tx.timetable.update({ where: { id: timetable.id }, data: { primarySemester: timetable.semester } });
    });
  }

  /**
   * Deletes one of the viewer's timetables; when it was primary, the oldest remaining one of
   * its semester becomes primary.
   * @returns true once deleted
   * @throws NotFoundError
   */
  async delete(viewer: Viewer, id: string): Promise<true> {
    const timetable = await this.getOwn(viewer, id);
    await this.db.$transaction(async (tx) => {
      await this.lockSemester(tx, viewer.id, timetable.semester);
      const { count } = await tx.timetable.deleteMany({ where: { id: timetable.id, userId: viewer.id } });
      if (count === 0 || timetable.primarySemester === null) return;
      const next = await tx.timetable.findFirst({ where: { userId: viewer.id, semester: timetable.semester }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      if (next) await tx.timetable.update({ where: { id: next.id }, data: { primarySemester: timetable.semester } });
    });
    return true;
  }

  /**
   * Adds a lecture. Idempotent for a lecture already in it. Under a row lock on the
   * timetable, so that of two concurrent adds of clashing lectures exactly one wins: the
   * second waits, then sees the first's lecture and answers CONFLICT.
   * @throws NotFoundError (timetable; a lecture the viewer cannot see), UserInputError (another
   *   school or semester; a full timetable), ConflictError (a meeting overlaps one of a lecture already in it)
   */
  async addLecture(viewer: Viewer, timetableId: string, lectureId: string, loaders?: TimetableLoaders): Promise<DbTimetable> {
    const lecture = await this.lectures.getVisible(viewer, lectureId);
    const updated = await this.db.$transaction(async (tx) => {
      const timetable = await this.lockOwn(tx, viewer, timetableId);
      if (lecture.schoolId !== timetable.schoolId) throw UserInputError.field('lectureId', "is not in the catalogue of the timetable's school");
      if (lecture.semester !== timetable.semester) throw UserInputError.field('lectureId', `is a lecture of ${lecture.semester}, the timetable is for ${timetable.semester}`);
      const current = (await tx.timetableLecture.findMany({ where: { timetableId: timetable.id }, include: { lecture: true } })).map((row) => row.lecture);
      if (current.some((l) => l.id === lecture.id)) return timetable;
      if (current.length >= LECTURES_PER_TIMETABLE_MAX) throw UserInputError.field('timetableId', `already holds ${LECTURES_PER_TIMETABLE_MAX} lectures`);
      const clash = findClash(lecture, current);
      if (clash) {
        throw new ConflictError('lectureId', `clashes with "${clash.other.name}" (${clash.other.code}-${clash.other.section}) on ${describeSlot(clash.slot)}`);
      }
      await tx.timetableLecture.create({ data: { timetableId: timetable.id, lectureId: lecture.id } });
      await tx.takenLecture.createMany({ data: [{ userId: viewer.id, lectureId: lecture.id }], skipDuplicates: true });
      return tx.timetable.update({ where: { id: timetable.id }, data: { updatedAt: new Date() } });
    });
    loaders?.lecturesByTimetableId.clear(updated.id);
    return updated;
  }

  /** Removes a lecture (idempotent). The viewer stays eligible to review it. @throws NotFoundError (timetable) */
  async removeLecture(viewer: Viewer, timetableId: string, lectureId: string, loaders?: TimetableLoaders): Promise<DbTimetable> {
    const timetable = await this.getOwn(viewer, timetableId);
    const updated = await this.db.$transaction(async (tx) => {
      const { count } = await tx.timetableLecture.deleteMany({ where: { timetableId: timetable.id, lectureId } });
      return count === 0 ? timetable : tx.timetable.update({ where: { id: timetable.id }, data: { updatedAt: new Date() } });
    });
    loaders?.lecturesByTimetableId.clear(updated.id);
    return updated;
  }

  /**
   * A friend's primary timetable of a semester, unless they made it private. Strangers, and
   * friends without a shared timetable, get the same NOT_FOUND.
   * @throws NotFoundError, UserInputError (semester)
   */
  async friendTimetable(viewer: Viewer, userId: string, semesterText: string): Promise<DbTimetable> {
    const semester = checkSemester('semester', semesterText);
    const [friends, timetable] = await Promise.all([
      this.friends.areFriends(viewer, userId),
      this.db.timetable.findFirst({ where: { userId, primarySemester: semester } }),
    ]);
    if (!friends || !timetable || !isSharedWithFriends(timetable)) throw new NotFoundError('Timetable');
    return timetable;
  }

  /** Locks the viewer's timetable row for the rest of the transaction. @throws NotFoundError */
  private async lockOwn(tx: Tx, viewer: Viewer, id: string): Promise<DbTimetable> {
    if (!(await lockOwnTimetable(tx, id, viewer.id))) throw new NotFoundError('Timetable');
    return tx.timetable.findUniqueOrThrow({ where: { id } });
  }

  /** Locks every timetable of the user's semester (primary changes are serialized per semester). */
  private lockSemester(tx: Tx, userId: string, semester: string): Promise<void> {
    return lockSemesterTimetables(tx, userId, semester);
  }
}
