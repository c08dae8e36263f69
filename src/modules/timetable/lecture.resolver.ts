import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Lecture as DbLecture, LectureReview as DbLectureReview } from '../../generated/prisma/client';
import type { Page } from '../../shared/pagination';
import { LecturesArgs } from './lecture.inputs';
import type { LectureService } from './lecture.service';
import { Lecture, LectureConnection, LectureSlot } from './lecture.types';
import { LectureReviewsArgs } from './review.inputs';
import type { ReviewService } from './review.service';
import { LectureReviewConnection } from './review.types';
import { sortSlots, storedSlots, type Slot } from './slots';
import { IdArg } from '../../shared/ids';

@Resolver(() => Lecture)
export class LectureResolver {
  constructor(
    private readonly lectureService: LectureService,
    private readonly reviewService: ReviewService,
  ) {}

  @Authorized()
  @Query(() => LectureConnection, {
    description: "A page of a school's catalogue for a semester, by name unless `orderBy` says otherwise. NOT_FOUND unless the viewer is a member of the school (or STAFF).",
  })
  lectures(@CurrentViewer() viewer: Viewer, @Args(() => LecturesArgs) args: LecturesArgs): Promise<Page<DbLecture>> {
    return this.lectureService.list(viewer, args);
  }

  @Authorized()
  @Query(() => Lecture, { nullable: true, description: 'One lecture. NOT_FOUND unless the viewer is a member of its school (or STAFF).' })
  lecture(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The lecture id.') id: string, @Ctx() { loaders }: Context): Promise<DbLecture> {
    return this.lectureService.getVisible(viewer, id, loaders.timetable);
  }

  @FieldResolver(() => [LectureSlot], { description: 'Weekly meetings, Monday first; empty for an online lecture.' })
  slots(@Root() lecture: DbLecture): Slot[] {
    return sortSlots(storedSlots(lecture.slots));
  }

  @FieldResolver(() => Boolean, { description: 'Whether it has no meeting time (online or arranged).' })
  isOnline(@Root() lecture: DbLecture): boolean {
    return storedSlots(lecture.slots).length === 0;
  }

  @FieldResolver(() => LectureReviewConnection, { description: 'A page of its reviews (anonymous), batched across lectures; totalCount is `reviewCount`.' })
  reviews(@Root() lecture: DbLecture, @Args(() => LectureReviewsArgs) args: LectureReviewsArgs, @Ctx() { loaders }: Context): Promise<Page<DbLectureReview>> {
    return this.reviewService.pageOfLecture(lecture, args, loaders.timetable);
  }
}
