import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Lecture as DbLecture } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { Weekday } from './weekday';

export enum LectureKind {
  MAJOR_REQUIRED = 'MAJOR_REQUIRED',
  MAJOR_ELECTIVE = 'MAJOR_ELECTIVE',
  GENERAL = 'GENERAL',
  ELECTIVE = 'ELECTIVE',
  OTHER = 'OTHER',
}

registerEnumType(LectureKind, {
  name: 'LectureKind',
  description: 'What kind of course a lecture is.',
  valuesConfig: {
    MAJOR_REQUIRED: { description: '전공필수: required for the major.' },
    MAJOR_ELECTIVE: { description: '전공선택: elective within the major.' },
    GENERAL: { description: '교양: general education.' },
    ELECTIVE: { description: '일반선택: free elective.' },
    OTHER: { description: 'Anything else (teacher training, military science, …).' },
  },
});

export enum LectureOrderField {
  NAME = 'NAME',
  CODE = 'CODE',
  AVERAGE_RATING = 'AVERAGE_RATING',
  REVIEW_COUNT = 'REVIEW_COUNT',
}

registerEnumType(LectureOrderField, {
  name: 'LectureOrderField',
  description: 'What to sort lectures by (ties: by id).',
  valuesConfig: {
    NAME: { description: 'Lecture name.' },
    CODE: { description: 'Course code, then section.' },
    AVERAGE_RATING: { description: 'Average review rating (lectures without reviews count as 0).' },
    REVIEW_COUNT: { description: 'How many reviews it has.' },
  },
});

@ObjectType('LectureSlot', { simpleResolvers: true, description: 'One weekly meeting of a lecture.' })
export class LectureSlot {
  @Field(() => Weekday, { description: 'The day.' })
  weekday!: Weekday;

  @Field(() => Int, { description: 'Start, in minutes since midnight (540 = 09:00).' })
  startMinute!: number;

  @Field(() => Int, { description: 'End, in minutes since midnight; always after the start.' })
  endMinute!: number;

  @Field(() => String, { nullable: true, description: 'Room, when known.' })
  room!: string | null;
}

@ObjectType('Lecture', { simpleResolvers: true, description: "A lecture (one section of a course) of a school's catalogue for one semester. Visible to members of the school and STAFF." })
export class Lecture implements Pick<DbLecture, 'id' | 'semester' | 'code' | 'section' | 'name' | 'professor' | 'credits' | 'capacity' | 'reviewCount' | 'averageRating' | 'createdAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: 'Semester, e.g. "2026-1" (2026-S: summer, 2026-W: winter).' })
  semester!: string;

  @Field(() => String, { description: 'Course code, e.g. "CSE101".' })
  code!: string;

  @Field(() => String, { description: 'Section (분반) of the course, e.g. "01".' })
  section!: string;

  @Field(() => String, { description: 'Lecture name.' })
  name!: string;

  @Field(() => String, { description: 'Professor(s), as the catalogue names them.' })
  professor!: string;

  @Field(() => Int, { description: 'Credits (학점).' })
  credits!: number;

  @Field(() => Int, { nullable: true, description: 'Capacity (정원), when the catalogue gives it.' })
  capacity!: number | null;

  @Field(() => LectureKind, { description: 'What kind of course it is.' })
  kind!: LectureKind;

  @Field(() => Int, { description: 'How many reviews it has (kept with the reviews).' })
  reviewCount!: number;

  @Field(() => Float, { nullable: true, description: 'Average review rating (1-5); null without reviews.' })
  averageRating!: number | null;

  @Field(() => DateTimeScalar, { description: 'When it entered the catalogue.' })
  createdAt!: Date;
}

export const LectureConnection = ConnectionType('Lecture', Lecture);
