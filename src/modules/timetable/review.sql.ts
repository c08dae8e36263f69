/**
 * The reviews' SQL: the first N reviews of every lecture of a batch (one statement), and the
 * two statements of a review write that Prisma cannot express (the lecture row lock, and the
 * counters moved together with the average they determine).
 */
import { queryRows, type Db } from '../../db/prisma';
import { Prisma, type LectureReview as DbLectureReview } from '../../generated/prisma/client';
import { decodeCursor, type CursorValue } from '../../shared/pagination';
import { LectureReviewOrder } from './review.types';

type Tx = Prisma.TransactionClient;

/** Every LectureReview field under its Prisma name, from `lecture_reviews r`. */
export const REVIEW_COLUMNS = Prisma.sql`
  r.id, r.lecture_id AS "lectureId", r.author_id AS "authorId", r.rating, r.content,
  r.semester_taken AS "semesterTaken", r.report_count AS "reportCount", r.blinded_at AS "blindedAt",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

export interface ReviewPageKey {
  order: LectureReviewOrder;
  first: number;
  after: string | null;
}

/**
 * The order of each review list: rating first (HIGHEST/LOWEST), then newest, then id. Each
 * is served by an index of `lecture_reviews` in that exact order (see schema.prisma).
 */
const REVIEW_ORDER_BY: Record<LectureReviewOrder, string> = {
  NEWEST: 'r.created_at DESC, r.id DESC',
  HIGHEST: 'r.rating DESC, r.created_at DESC, r.id DESC',
  LOWEST: 'r.rating ASC, r.created_at DESC, r.id DESC',
};

/** Cursor of a review in any order: [rating, createdAt, id]. */
export function reviewCursor(review: DbLectureReview): CursorValue[] {
  return [review.rating, review.createdAt.toISOString(), review.id];
}

function reviewAfterCondition(key: ReviewPageKey): Prisma.Sql {
  if (!key.after) return Prisma.empty;
  const [rating, at, id] = decodeCursor(key.after, ['int', 'timestamp', 'text']);
  const createdAt = at.toISOString();
  const newer = Prisma.sql`(r.created_at, r.id) < (${createdAt}::timestamptz, ${id})`;
  if (key.order === LectureReviewOrder.NEWEST) return Prisma.sql`AND ${newer}`;
  const beyond = Prisma.raw(key.order === LectureReviewOrder.HIGHEST ? '<' : '>');
  return Prisma.sql`AND (r.rating ${beyond} ${rating}::int OR (r.rating = ${rating}::int AND ${newer}))`;
}

/**
 * The first `first + 1` reviews of each lecture, in `order`: a LIMITed index scan per
 * lecture (LATERAL), so the cost follows the page size, not the number of reviews.
 */
export async function reviewPagesByLecture(db: Db, lectureIds: readonly string[], key: ReviewPageKey): Promise<DbLectureReview[]> {
  return queryRows<DbLectureReview>(db, Prisma.sql`
    SELECT page.* FROM unnest(${[...lectureIds]}::text[]) WITH ORDINALITY AS parent(id, n)
    CROSS JOIN LATERAL (
      SELECT ${REVIEW_COLUMNS} FROM lecture_reviews r
      WHERE r.lecture_id = parent.id ${reviewAfterCondition(key)}
      ORDER BY ${Prisma.raw(REVIEW_ORDER_BY[key.order])}
      LIMIT ${key.first + 1}
    ) page
    ORDER BY parent.n`);
}

/** Locks the lecture row for the rest of the transaction: review writes on one lecture queue up. */
export async function lockLecture(tx: Tx, lectureId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM lectures WHERE id = ${lectureId} FOR UPDATE`;
}

/** Moves the lecture's review count and rating sum, and the average they determine, in one statement. */
export async function moveReviewCounters(tx: Tx, lectureId: string, countDelta: number, ratingDelta: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE lectures SET
      review_count = review_count + ${countDelta}::int,
      rating_sum = rating_sum + ${ratingDelta}::int,
      average_rating = (rating_sum + ${ratingDelta}::int)::float8 / NULLIF(review_count + ${countDelta}::int, 0)
    WHERE id = ${lectureId}`;
}
