import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';
import { SEMESTER_CAP } from './lecture.inputs';
import { LectureReviewOrder } from './review.types';
import { SEMESTER_FORMAT } from './semester';
import { IsId } from '../../shared/ids';

export const REVIEW_CONTENT_MAX_LENGTH = 2_000;
/** Hard cap before the service trims and checks the text. */
const TEXT_CAP = 100_000;

@InputType('WriteLectureReviewInput', { description: 'A review of a lecture the viewer has had in a timetable. Writing again edits the viewer\'s review.' })
export class WriteLectureReviewInput {
  @Field(() => ID, { description: 'The lecture.' })
  @IsId()
  lectureId!: string;

  @Field(() => Int, { description: 'Rating, 1 (worst) to 5 (best).' })
  @IsInt({ message: 'must be a whole number from 1 to 5' })
  @Min(1, { message: 'must be a whole number from 1 to 5' })
  @Max(5, { message: 'must be a whole number from 1 to 5' })
  rating!: number;

  @Field(() => String, { description: `The review, 1-${REVIEW_CONTENT_MAX_LENGTH} characters (trimmed).` })
  @IsString()
  @MaxLength(TEXT_CAP)
  content!: string;

  @Field(() => String, { description: `When the viewer took it: ${SEMESTER_FORMAT}; not after the lecture's semester.` })
  @MaxLength(SEMESTER_CAP, { message: `must be a semester (${SEMESTER_FORMAT})` })
  semesterTaken!: string;
}

@ArgsType()
export class LectureReviewsArgs extends ConnectionArgs {
  @Field(() => LectureReviewOrder, { defaultValue: LectureReviewOrder.NEWEST, description: 'Sort order (default NEWEST).' })
  orderBy!: LectureReviewOrder;
}

@ArgsType()
export class LectureReviewIdArgs {
  @Field(() => ID, { description: 'The review.' })
  @IsId()
  id!: string;
}
