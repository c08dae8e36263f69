/**
 * The timetable module (lectures, timetables, reviews, friends): its resolvers and services,
 * wired into the app by src/modules/index.ts (its loaders by src/modules/loaders.ts).
 */
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import { FriendResolver } from './friend.resolver';
import { FriendService } from './friend.service';
import { LectureResolver } from './lecture.resolver';
import { LectureService } from './lecture.service';
import { ReviewResolver } from './review.resolver';
import { ReviewService } from './review.service';
import { TimetableResolver } from './timetable.resolver';
import { TimetableService } from './timetable.service';

export const timetableResolvers = [LectureResolver, TimetableResolver, ReviewResolver, FriendResolver] as const;

export function createTimetableServices(db: Db, community: Config['community']) {
  const lecture = new LectureService(db);
  const friend = new FriendService(db);
  return {
    lecture,
    friend,
    timetable: new TimetableService(db, lecture, friend),
    review: new ReviewService(db, lecture, community),
  };
}

export type TimetableServices = ReturnType<typeof createTimetableServices>;

/** [resolver class, instance] pairs for the resolver registry. */
export function timetableResolverInstances(services: TimetableServices) {
  return [
    [LectureResolver, new LectureResolver(services.lecture, services.review)],
    [TimetableResolver, new TimetableResolver(services.timetable)],
    [ReviewResolver, new ReviewResolver(services.review)],
    [FriendResolver, new FriendResolver(services.friend)],
  ] as const;
}
