import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Timetable as DbTimetable } from '../../generated/prisma/client';
import { DateTimeScalar } from '../../shared/scalars';
import { Lecture } from './lecture.types';
import { Weekday } from './weekday';

export enum TimetableVisibility {
  FRIENDS = 'FRIENDS',
  PRIVATE = 'PRIVATE',
}

registerEnumType(TimetableVisibility, {
  name: 'TimetableVisibility',
  description: 'Who besides its owner may see a timetable.',
  valuesConfig: {
    FRIENDS: { description: "The owner's friends, when it is the owner's primary timetable of its semester (the default)." },
    PRIVATE: { description: 'Nobody but the owner.' },
  },
});

@ObjectType('Timetable', { simpleResolvers: true, description: "A user's timetable for one semester (시간표). Visible to its owner, and to the owner's friends when primary and not private." })
export class Timetable implements Pick<DbTimetable, 'id' | 'semester' | 'name' | 'createdAt' | 'updatedAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: 'Semester, e.g. "2026-1".' })
  semester!: string;

  @Field(() => String, { description: 'Name, e.g. "시간표 1".' })
  name!: string;

  @Field(() => TimetableVisibility, { description: 'Who besides the owner may see it.' })
  visibility!: TimetableVisibility;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it (or its list of lectures) last changed.' })
  updatedAt!: Date;
}

@ObjectType('TimetableSlot', { simpleResolvers: true, description: 'One weekly meeting of a lecture of a timetable: a cell of the week grid.' })
export class TimetableSlot {
  @Field(() => Lecture, { description: 'The lecture that meets.' })
  lecture!: Lecture;

  @Field(() => Weekday, { description: 'The day.' })
  weekday!: Weekday;

  @Field(() => Int, { description: 'Start, in minutes since midnight.' })
  startMinute!: number;

  @Field(() => Int, { description: 'End, in minutes since midnight.' })
  endMinute!: number;

  @Field(() => String, { nullable: true, description: 'Room, when known.' })
  room!: string | null;
}
