/**
 * The lecture lists, in SQL because they filter inside the slots' JSON or answer many parents
 * at once: a page of a catalogue, and the lectures of every timetable of a batch. Only
 * parameters carry values; ORDER BY fragments come from whitelists keyed by enums, never
 * from client text.
 */
import { queryRows, type Db } from '../../db/prisma';
import { Prisma, type Lecture as DbLecture } from '../../generated/prisma/client';
import { containsPattern } from '../../shared/sql-text';
import { decodeCursor, type CursorValue } from '../../shared/pagination';
import { OrderDirection } from '../../shared/ordering';
import { LectureOrderField, type LectureKind } from './lecture.types';
import type { Weekday } from './weekday';

/** Lecture columns under their Prisma names, from `lectures l`. */
export const LECTURE_COLUMNS = Prisma.sql`
  l.id, l.school_id AS "schoolId", l.semester, l.code, l.section, l.name, l.professor, l.credits,
  l.capacity, l.kind::text AS "kind", l.slots, l.review_count AS "reviewCount", l.rating_sum AS "ratingSum",
  l.average_rating AS "averageRating", l.created_at AS "createdAt", l.updated_at AS "updatedAt"`;

export interface LectureOrderSpec {
  field: LectureOrderField;
  direction: OrderDirection;
}

export const DEFAULT_LECTURE_ORDER: LectureOrderSpec = { field: LectureOrderField.NAME, direction: OrderDirection.ASC };

/** Sort expression and the SQL type its cursor value is cast to. */
const LECTURE_SORT: Record<LectureOrderField, { expression: string; type: 'text' | 'int' | 'float8' }> = {
  NAME: { expression: 'l.name', type: 'text' },
  CODE: { expression: "l.code || ' ' || l.section", type: 'text' },
  AVERAGE_RATING: { expression: 'COALESCE(l.average_rating, 0)', type: 'float8' },
  REVIEW_COUNT: { expression: 'l.review_count', type: 'int' },
};

/** A free interval of the `freeAt` filter. */
export interface FreeSlot {
  weekday: Weekday;
  startMinute: number;
  endMinute: number;
}

export interface LectureFilterSpec {
  search?: string | null;
  weekday?: Weekday | null;
  freeAt?: readonly FreeSlot[] | null;
  credits?: number | null;
  kind?: LectureKind | null;
}

export interface LecturePageQuery {
  schoolId: string;
  semester: string;
  filter: LectureFilterSpec;
  order: LectureOrderSpec;
  first: number;
  after: string | null;
}

export function lectureCursor(lecture: DbLecture, order: LectureOrderSpec): CursorValue[] {
  const value =
    order.field === LectureOrderField.NAME ? lecture.name
    : order.field === LectureOrderField.CODE ? `${lecture.code} ${lecture.section}`
    : order.field === LectureOrderField.AVERAGE_RATING ? (lecture.averageRating ?? 0)
    : lecture.reviewCount;
  return [value, lecture.id];
}

/** The filter's conditions on `lectures l` (the same for a page and its count). */
function lectureConditions(query: Pick<LecturePageQuery, 'schoolId' | 'semester' | 'filter'>): Prisma.Sql {
  const { filter } = query;
  const parts: Prisma.Sql[] = [Prisma.sql`l.school_id = ${query.schoolId}`, Prisma.sql`l.semester = ${query.semester}`];
  const search = filter.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    // Each ILIKE can use its column's trigram index (lectures_*_trgm_idx), as posts' search does.
    parts.push(Prisma.sql`(l.name ILIKE ${pattern} OR l.professor ILIKE ${pattern} OR l.code ILIKE ${pattern})`);
  }
  if (filter.weekday) parts.push(Prisma.sql`EXISTS (SELECT 1 FROM jsonb_array_elements(l.slots) s WHERE s->>'weekday' = ${filter.weekday})`);
  if (filter.credits != null) parts.push(Prisma.sql`l.credits = ${filter.credits}`);
  if (filter.kind) parts.push(Prisma.sql`l.kind = ${filter.kind}::"LectureKind"`);
  if (filter.freeAt) {
    // Every meeting of the lecture lies inside one of the free intervals (online lectures always fit).
    parts.push(Prisma.sql`NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(l.slots) s
      WHERE NOT EXISTS (
        SELECT 1 FROM jsonb_to_recordset(${JSON.stringify(filter.freeAt)}::jsonb) AS f(weekday text, "startMinute" int, "endMinute" int)
        WHERE f.weekday = s->>'weekday' AND (s->>'startMinute')::int >= f."startMinute" AND (s->>'endMinute')::int <= f."endMinute"))`);
  }
  return Prisma.join(parts, ' AND ');
}

function lectureAfterCondition(after: string | null, order: LectureOrderSpec): Prisma.Sql {
  if (!after) return Prisma.empty;
  const sort = LECTURE_SORT[order.field];
  const [value, id] = decodeCursor(after, [sort.type === 'text' ? 'text' : sort.type === 'int' ? 'int' : 'float', 'text'] as const);
  const comparison = Prisma.raw(order.direction === OrderDirection.DESC ? '<' : '>');
  return Prisma.sql`AND (${Prisma.raw(sort.expression)}, l.id) ${comparison} (${value}::${Prisma.raw(sort.type)}, ${id})`;
}

/** `first + 1` lectures of a catalogue page. */
export async function lecturePage(db: Db, query: LecturePageQuery): Promise<DbLecture[]> {
  const sort = Prisma.raw(LECTURE_SORT[query.order.field].expression);
  const direction = Prisma.raw(query.order.direction === OrderDirection.DESC ? 'DESC' : 'ASC');
  return queryRows<DbLecture>(db, Prisma.sql`
    SELECT ${LECTURE_COLUMNS} FROM lectures l
    WHERE ${lectureConditions(query)} ${lectureAfterCondition(query.after, query.order)}
    ORDER BY ${sort} ${direction}, l.id ${direction}
    LIMIT ${query.first + 1}`);
}

export async function lectureCount(db: Db, query: Pick<LecturePageQuery, 'schoolId' | 'semester' | 'filter'>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, Prisma.sql`SELECT count(*)::int AS n FROM lectures l WHERE ${lectureConditions(query)}`);
  return row.n;
}

export async function lecturesByIds(db: Db, ids: readonly string[]): Promise<DbLecture[]> {
  return queryRows<DbLecture>(db, Prisma.sql`SELECT ${LECTURE_COLUMNS} FROM lectures l WHERE l.id = ANY(${[...ids]}::text[])`);
}

/** A lecture of a timetable, with the timetable it was read for. */
export type TimetableLectureRow = DbLecture & { timetableId: string };

/** The lectures of each timetable, in the order they were added. */
export async function lecturesOfTimetables(db: Db, timetableIds: readonly string[]): Promise<TimetableLectureRow[]> {
  return queryRows<TimetableLectureRow>(db, Prisma.sql`
    SELECT tl.timetable_id AS "timetableId", ${LECTURE_COLUMNS}
    FROM timetable_lectures tl JOIN lectures l ON l.id = tl.lecture_id
    WHERE tl.timetable_id = ANY(${[...timetableIds]}::text[])
    ORDER BY tl.timetable_id, tl.created_at, l.id`);
}
