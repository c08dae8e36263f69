import { Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Arg } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Lecture as DbLecture, Timetable as DbTimetable } from '../../generated/prisma/client';
import { Lecture } from './lecture.types';
import { weekSlots, type Slot } from './slots';
import {
  CreateTimetableInput,
  FriendTimetableArgs,
  RenameTimetableArgs,
  SemesterArgs,
  TimetableIdArgs,
  TimetableLectureArgs,
  TimetableVisibilityArgs,
} from './timetable.inputs';
import type { TimetableService } from './timetable.service';
import { Timetable, TimetableSlot } from './timetable.types';

@Resolver(() => Timetable)
export class TimetableResolver {
  constructor(private readonly timetableService: TimetableService) {}

  @Authorized()
  @Query(() => [Timetable], { description: "The viewer's timetables of a semester: the primary one first, then oldest first." })
  myTimetables(@CurrentViewer() viewer: Viewer, @Args(() => SemesterArgs) args: SemesterArgs): Promise<DbTimetable[]> {
    return this.timetableService.listMine(viewer, args.semester);
  }

  @Authorized()
  @Query(() => Timetable, {
    description: "A friend's primary timetable of a semester. NOT_FOUND unless the user is the viewer's friend and has such a timetable that is not private (the same answer as for a stranger).",
  })
  friendTimetable(@CurrentViewer() viewer: Viewer, @Args(() => FriendTimetableArgs) args: FriendTimetableArgs): Promise<DbTimetable> {
    return this.timetableService.friendTimetable(viewer, args.userId, args.semester);
  }

  @Authorized()
  @Mutation(() => Timetable, { description: "Creates a timetable of the viewer's school for a semester; the first of the semester becomes primary. FORBIDDEN for a viewer who is not a member of a school." })
  createTimetable(@CurrentViewer() viewer: Viewer, @Arg('input', () => CreateTimetableInput, { description: 'The new timetable.' }) input: CreateTimetableInput): Promise<DbTimetable> {
    return this.timetableService.create(viewer, input);
  }

  @Authorized()
  @Mutation(() => Timetable, { description: 'Renames one of the viewer\'s timetables.' })
  renameTimetable(@CurrentViewer() viewer: Viewer, @Args(() => RenameTimetableArgs) args: RenameTimetableArgs): Promise<DbTimetable> {
    return this.timetableService.rename(viewer, args.id, args.name);
  }

  @Authorized()
  @Mutation(() => Timetable, { description: 'Sets who besides the viewer may see one of their timetables.' })
  setTimetableVisibility(@CurrentViewer() viewer: Viewer, @Args(() => TimetableVisibilityArgs) args: TimetableVisibilityArgs): Promise<DbTimetable> {
    return this.timetableService.setVisibility(viewer, args.id, args.visibility);
  }

  @Authorized()
  @Mutation(() => Timetable, { description: 'Makes one of the viewer\'s timetables the primary one of its semester (idempotent).' })
  setPrimaryTimetable(@CurrentViewer() viewer: Viewer, @Args(() => TimetableIdArgs) args: TimetableIdArgs): Promise<DbTimetable> {
    return this.timetableService.setPrimary(viewer, args.id);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes one of the viewer\'s timetables; if it was primary, the oldest remaining one of its semester becomes primary.' })
  deleteTimetable(@CurrentViewer() viewer: Viewer, @Args(() => TimetableIdArgs) args: TimetableIdArgs): Promise<boolean> {
    return this.timetableService.delete(viewer, args.id);
  }

  @Authorized()
  @Mutation(() => Timetable, {
    description: "Adds a lecture to one of the viewer's timetables (idempotent). CONFLICT naming the clashing lecture and meeting when a meeting overlaps; BAD_USER_INPUT for a lecture of another semester or school.",
  })
  addLectureToTimetable(@CurrentViewer() viewer: Viewer, @Args(() => TimetableLectureArgs) args: TimetableLectureArgs, @Ctx() { loaders }: Context): Promise<DbTimetable> {
    return this.timetableService.addLecture(viewer, args.timetableId, args.lectureId, loaders.timetable);
  }

  @Authorized()
  @Mutation(() => Timetable, { description: "Removes a lecture from one of the viewer's timetables (idempotent). The viewer may still review it." })
  removeLectureFromTimetable(@CurrentViewer() viewer: Viewer, @Args(() => TimetableLectureArgs) args: TimetableLectureArgs, @Ctx() { loaders }: Context): Promise<DbTimetable> {
    return this.timetableService.removeLecture(viewer, args.timetableId, args.lectureId, loaders.timetable);
  }

  @FieldResolver(() => Boolean, { description: 'Whether it is the primary timetable of its semester (the one friends see).' })
  isPrimary(@Root() timetable: DbTimetable): boolean {
    return timetable.primarySemester !== null;
  }

  @FieldResolver(() => [Lecture], { description: 'Its lectures, in the order they were added (batched across timetables).' })
  lectures(@Root() timetable: DbTimetable, @Ctx() { loaders }: Context): Promise<DbLecture[]> {
    return loaders.timetable.lecturesByTimetableId.load(timetable.id);
  }

  @FieldResolver(() => Int, { description: 'The credits of its lectures, added up.' })
  async totalCredits(@Root() timetable: DbTimetable, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.timetable.lecturesByTimetableId.load(timetable.id)).reduce((sum, lecture) => sum + lecture.credits, 0);
  }

  @FieldResolver(() => [TimetableSlot], { description: 'Every meeting of its lectures, flattened and in week order, for drawing a week grid.' })
  slots(@Root() timetable: DbTimetable, @Ctx() { loaders }: Context): Promise<(Slot & { lecture: DbLecture })[]> {
    return loaders.timetable.lecturesByTimetableId.load(timetable.id).then(weekSlots);
  }
}
