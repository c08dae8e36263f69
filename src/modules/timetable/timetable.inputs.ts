import { IsString, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { SEMESTER_CAP } from './lecture.inputs';
import { SEMESTER_FORMAT } from './semester';
import { TimetableVisibility } from './timetable.types';
import { IsId } from '../../shared/ids';

export const TIMETABLE_NAME_MAX_LENGTH = 40;
/** Hard cap before the service trims and checks the name. */
const NAME_CAP = 1_000;

@InputType('CreateTimetableInput', { description: 'A new timetable of the viewer. The first of a semester becomes primary.' })
export class CreateTimetableInput {
  @Field(() => String, { description: `The semester: ${SEMESTER_FORMAT}.` })
  @MaxLength(SEMESTER_CAP, { message: `must be a semester (${SEMESTER_FORMAT})` })
  semester!: string;

  @Field(() => String, { description: `Name, 1-${TIMETABLE_NAME_MAX_LENGTH} characters (trimmed), e.g. "시간표 1".` })
  @IsString()
  @MaxLength(NAME_CAP)
  name!: string;
}

@ArgsType()
export class TimetableIdArgs {
  @Field(() => ID, { description: 'The timetable.' })
  @IsId()
  id!: string;
}

@ArgsType()
export class RenameTimetableArgs extends TimetableIdArgs {
  @Field(() => String, { description: `New name, 1-${TIMETABLE_NAME_MAX_LENGTH} characters (trimmed).` })
  @IsString()
  @MaxLength(NAME_CAP)
  name!: string;
}

@ArgsType()
export class TimetableVisibilityArgs extends TimetableIdArgs {
  @Field(() => TimetableVisibility, { description: 'Who besides the owner may see it.' })
  visibility!: TimetableVisibility;
}

@ArgsType()
export class TimetableLectureArgs {
  @Field(() => ID, { description: 'The timetable (one of the viewer\'s).' })
  @IsId()
  timetableId!: string;

  @Field(() => ID, { description: 'The lecture.' })
  @IsId()
  lectureId!: string;
}

@ArgsType()
export class SemesterArgs {
  @Field(() => String, { description: `The semester: ${SEMESTER_FORMAT}.` })
  @MaxLength(SEMESTER_CAP, { message: `must be a semester (${SEMESTER_FORMAT})` })
  semester!: string;
}

@ArgsType()
export class FriendTimetableArgs extends SemesterArgs {
  @Field(() => ID, { description: 'The friend.' })
  @IsId()
  userId!: string;
}
