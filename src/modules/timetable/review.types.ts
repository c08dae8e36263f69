import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { LectureReview as DbLectureReview } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';

export enum LectureReviewOrder {
  NEWEST = 'NEWEST',
  HIGHEST = 'HIGHEST',
  LOWEST = 'LOWEST',
}

registerEnumType(LectureReviewOrder, {
  name: 'LectureReviewOrder',
  description: 'How to sort reviews (ties: newest first).',
  valuesConfig: {
    NEWEST: { description: 'Most recently written first.' },
    HIGHEST: { description: 'Highest rating first.' },
    LOWEST: { description: 'Lowest rating first.' },
  },
});

@ObjectType('LectureReview', {
  simpleResolvers: true,
  description: 'A review (강의평) of a lecture. Anonymous: no field names its writer; others see only the semester it was taken.',
})
export class LectureReview implements Pick<DbLectureReview, 'id' | 'rating' | 'semesterTaken' | 'createdAt' | 'updatedAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => Int, { description: 'Rating, 1 (worst) to 5 (best).' })
  rating!: number;

  @Field(() => String, { description: 'The semester the writer took the lecture, e.g. "2025-2".' })
  semesterTaken!: string;

  @Field(() => DateTimeScalar, { description: 'When it was first written.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it was last edited.' })
  updatedAt!: Date;
}

export const LectureReviewConnection = ConnectionType('LectureReview', LectureReview);
