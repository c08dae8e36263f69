import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';
import { OrderDirection } from '../../shared/ordering';
import { LectureKind, LectureOrderField } from './lecture.types';
import { SEMESTER_FORMAT } from './semester';
import { Weekday } from './weekday';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';

export const LECTURE_SEARCH_MAX_LENGTH = 100;
export const FREE_AT_MAX = 50;
/** Longer than any semester; the service checks the format. */
export const SEMESTER_CAP = 16;

@InputType('TimeSlotInput', { description: 'A weekly interval: a weekday and minutes since midnight, end after start.' })
export class TimeSlotInput {
  @Field(() => Weekday, { description: 'The day.' })
  weekday!: Weekday;

  @Field(() => Int, { description: 'Start, in minutes since midnight (0-1439).' })
  startMinute!: number;

  @Field(() => Int, { description: 'End, in minutes since midnight (1-1440), after the start.' })
  endMinute!: number;
}

@InputType('LectureFilter', { description: 'Narrows a catalogue; omitted fields do not filter.' })
export class LectureFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, professor or course code (case-insensitive, any language).' })
  @IsOptional()
  @MaxText(LECTURE_SEARCH_MAX_LENGTH)
  search?: string | null;

  @Field(() => Weekday, { nullable: true, description: 'Only lectures meeting on this day.' })
  weekday?: Weekday | null;

  @Field(() => [TimeSlotInput], {
    nullable: true,
    description: `Only lectures that fit into these free times: every meeting lies inside one of them (online lectures always fit). At most ${FREE_AT_MAX}.`,
  })
  @IsOptional()
  @ArrayMaxSize(FREE_AT_MAX, { message: `must have at most ${FREE_AT_MAX} items` })
  freeAt?: TimeSlotInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Only lectures worth this many credits (0-30).' })
  @IsOptional()
  @Min(0, { message: 'must be between 0 and 30' })
  @Max(30, { message: 'must be between 0 and 30' })
  credits?: number | null;

  @Field(() => LectureKind, { nullable: true, description: 'Only lectures of this kind.' })
  kind?: LectureKind | null;
}

@InputType('LectureOrder', { description: 'How to sort lectures.' })
export class LectureOrder {
  @Field(() => LectureOrderField, { description: 'The sort key.' })
  field!: LectureOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
  direction!: OrderDirection;
}

@ArgsType()
export class LecturesArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'The school whose catalogue to list.' })
  @IsId()
  schoolId!: string;

  @Field(() => String, { description: `The semester: ${SEMESTER_FORMAT}.` })
  @MaxLength(SEMESTER_CAP, { message: `must be a semester (${SEMESTER_FORMAT})` })
  semester!: string;

  @Field(() => LectureFilter, { nullable: true, description: 'Search and filters.' })
  @IsOptional()
  @ValidateNested()
  filter?: LectureFilter | null;

  @Field(() => LectureOrder, { nullable: true, description: 'Sort order; default by name.' })
  orderBy?: LectureOrder | null;
}
