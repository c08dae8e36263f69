import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import { Role, type Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Lecture as DbLecture, LectureReview as DbLectureReview } from '../../generated/prisma/client';
import { ReportArgs } from '../community/report.inputs';
import { Lecture } from './lecture.types';
import { LectureReviewIdArgs, WriteLectureReviewInput } from './review.inputs';
import type { ReviewService } from './review.service';
import { LectureReview } from './review.types';
import { canDeleteReview, canReadBlinded } from './timetable.policy';

@Resolver(() => LectureReview)
export class ReviewResolver {
  constructor(private readonly reviewService: ReviewService) {}

  @Authorized()
  @Mutation(() => LectureReview, {
    description: "Writes the viewer's review of a lecture that is or was in one of their timetables (FORBIDDEN otherwise); writing again edits it.",
  })
  writeLectureReview(@CurrentViewer() viewer: Viewer, @Arg('input', () => WriteLectureReviewInput, { description: 'The review.' }) input: WriteLectureReviewInput): Promise<DbLectureReview> {
    return this.reviewService.write(viewer, input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a review: its writer or STAFF (FORBIDDEN otherwise).' })
  deleteLectureReview(@CurrentViewer() viewer: Viewer, @Args(() => LectureReviewIdArgs) args: LectureReviewIdArgs): Promise<boolean> {
    return this.reviewService.delete(viewer, args.id);
  }

  @Authorized()
  @Mutation(() => LectureReview, { description: 'Reports a review (once per user). Enough reports blind it until STAFF restores it, as for posts.' })
  reportLectureReview(@CurrentViewer() viewer: Viewer, @Args(() => ReportArgs) args: ReportArgs): Promise<DbLectureReview> {
    return this.reviewService.report(viewer, args.id, args.reason);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => LectureReview, { description: 'STAFF: shows a blinded review again and resets its report count.' })
  restoreLectureReview(@CurrentViewer() viewer: Viewer, @Args(() => LectureReviewIdArgs) args: LectureReviewIdArgs): Promise<DbLectureReview> {
    return this.reviewService.restore(viewer, args.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The text; null while reports blind it (except for STAFF).' })
  content(@Root() review: DbLectureReview, @Ctx() { viewer }: Context): string | null {
    return review.blindedAt && !canReadBlinded(viewer) ? null : review.content;
  }

  @FieldResolver(() => Boolean, { description: 'Whether reports have hidden the text until STAFF restores it.' })
  isBlinded(@Root() review: DbLectureReview): boolean {
    return review.blindedAt !== null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer wrote it (the only hint of its writer the API gives, and only to the writer).' })
  isMine(@Root() review: DbLectureReview, @Ctx() { viewer }: Context): boolean {
    return viewer !== null && viewer.id === review.authorId;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may delete it (its writer or STAFF).' })
  viewerCanDelete(@Root() review: DbLectureReview, @Ctx() { viewer }: Context): boolean {
    return viewer !== null && canDeleteReview(viewer, review.authorId);
  }

  @FieldResolver(() => Lecture, { description: 'The lecture it reviews.' })
  async lecture(@Root() review: DbLectureReview, @Ctx() { loaders }: Context): Promise<DbLecture> {
    return (await loaders.timetable.lectureById.load(review.lectureId))!;
  }
}
