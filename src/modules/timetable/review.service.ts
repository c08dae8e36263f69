import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Lecture as DbLecture, LectureReview as DbLectureReview } from '../../generated/prisma/client';
import { ForbiddenError, NotFoundError, UserInputError } from '../../shared/errors';
import { pageSize, toPage, type Page } from '../../shared/pagination';
import { checkSemester, type LectureService } from './lecture.service';
import { lockLecture, moveReviewCounters, reviewCursor } from './review.sql';
import { REVIEW_CONTENT_MAX_LENGTH, type LectureReviewsArgs, type WriteLectureReviewInput } from './review.inputs';
import { compareSemesters } from './semester';
import type { TimetableLoaders } from './timetable.loaders';
import { canDeleteReview, canReadLecture } from './timetable.policy';
import { normalizeText, textLength } from '../../shared/text';

/**
 * Lecture reviews (강의평). A user may review a lecture that is, or was, in one of their
 * timetables; one review per user and lecture (writing again edits it). Reviews are
 * anonymous: the API never names their writer to anyone. The lecture's `reviewCount`,
 * `ratingSum` and `averageRating` change in the same transaction as the review, under a
 * lock on the lecture row, so they never drift. Reports blind a review as they blind a post.
 */
export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly lectures: LectureService,
    private readonly limits: Config['community'],
  ) {}

  /**
   * Writes the viewer's review of a lecture, or edits it.
   * @throws NotFoundError (lecture), ForbiddenError (never in the viewer's timetables),
   *   UserInputError (content, semesterTaken)
   */
  async write(viewer: Viewer, input: WriteLectureReviewInput): Promise<DbLectureReview> {
    const lecture = await this.lectures.getVisible(viewer, input.lectureId);
    const content = normalizeText(input.content);
    if (content.length === 0 || textLength(content) > REVIEW_CONTENT_MAX_LENGTH) throw UserInputError.field('content', `must be 1-${REVIEW_CONTENT_MAX_LENGTH} characters`);
    const semesterTaken = checkSemester('semesterTaken', input.semesterTaken);
    if (compareSemesters(semesterTaken, lecture.semester) > 0) throw UserInputError.field('semesterTaken', "cannot be after the lecture's semester");
    const taken = await this.db.takenLecture.count({ where: { userId: viewer.id, lectureId: lecture.id } });
    if (taken === 0) throw new ForbiddenError('Only lectures that are or were in one of your timetables can be reviewed');
    return this.db.$transaction(async (tx) => {
      await lockLecture(tx, lecture.id);
      const earlier = await tx.lectureReview.findUnique({ where: { authorId_lectureId: { authorId: viewer.id, lectureId: lecture.id } } });
      if (earlier) {
        await moveReviewCounters(tx, lecture.id, 0, input.rating - earlier.rating);
        return tx.lectureReview.update({ where: { id: earlier.id }, data: { rating: input.rating, content, semesterTaken } });
      }
      await moveReviewCounters(tx, lecture.id, 1, input.rating);
      return tx.lectureReview.create({ data: { lectureId: lecture.id, authorId: viewer.id, rating: input.rating, content, semesterTaken } });
    });
  }

  /** Deletes a review: its writer or STAFF. @returns true once deleted. @throws NotFoundError, ForbiddenError */
  async delete(viewer: Viewer, id: string): Promise<true> {
    const review = await this.getVisible(viewer, id);
    if (!canDeleteReview(viewer, review.authorId)) throw new ForbiddenError();
    await this.db.$transaction(async (tx) => {
      await lockLecture(tx, review.lectureId);
      const { count } = await tx.lectureReview.deleteMany({ where: { id: review.id } });
      if (count > 0) await moveReviewCounters(tx, review.lectureId, -1, -review.rating);
    });
    return true;
  }

  /** Reports a review, once per user; enough reports blind it. @throws NotFoundError, UserInputError (own review, blank reason) */
  async report(viewer: Viewer, id: string, reasonText: string): Promise<DbLectureReview> {
    const review = await this.getVisible(viewer, id);
    if (review.authorId === viewer.id) throw UserInputError.field('id', 'you cannot report your own review');
    const reason = normalizeText(reasonText);
    if (!reason) throw UserInputError.field('reason', 'cannot be empty');
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.lectureReviewReport.createMany({ data: [{ reviewId: review.id, userId: viewer.id, reason }], skipDuplicates: true });
      if (count === 0) return tx.lectureReview.findUniqueOrThrow({ where: { id: review.id } });
      const counted = await tx.lectureReview.update({ where: { id: review.id }, data: { reportCount: { increment: 1 } } });
      if (counted.blindedAt || counted.reportCount < this.limits.reportBlindThreshold) return counted;
      return tx.lectureReview.update({ where: { id: review.id }, data: { blindedAt: new Date() } });
    });
  }

  /** STAFF only (checked by the resolver's role): shows a blinded review again. @throws NotFoundError */
  async restore(viewer: Viewer, id: string): Promise<DbLectureReview> {
    const review = await this.getVisible(viewer, id);
    return this.db.lectureReview.update({ where: { id: review.id }, data: { blindedAt: null, reportCount: 0 } });
  }

  /** A page of a lecture's reviews (the lecture already checked visible); totalCount is the lecture's counter. */
  async pageOfLecture(lecture: DbLecture, args: LectureReviewsArgs, loaders: TimetableLoaders): Promise<Page<DbLectureReview>> {
    const key = { order: args.orderBy, first: pageSize(args), after: args.after ?? null };
    const rows = await loaders.reviewPages(key).load(lecture.id);
    return toPage(rows, key.first, reviewCursor, () => lecture.reviewCount);
  }

  /** @throws NotFoundError unless the review exists and the viewer may read its lecture. */
  private async getVisible(viewer: Viewer, id: string): Promise<DbLectureReview> {
    const review = await this.db.lectureReview.findUnique({ where: { id }, include: { lecture: { select: { schoolId: true } } } });
    if (!review || !canReadLecture(viewer, review.lecture)) throw new NotFoundError('Lecture review');
    return review;
  }

}
