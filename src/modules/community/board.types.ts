import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Board as DbBoard } from '../../generated/prisma/client';
import { DateTimeScalar } from '../../shared/scalars';

export enum BoardCategory {
  FREE = 'FREE',
  SECRET = 'SECRET',
  INFO = 'INFO',
  MARKET = 'MARKET',
  CLUB = 'CLUB',
  DEPARTMENT = 'DEPARTMENT',
  CAREER = 'CAREER',
  PROMOTION = 'PROMOTION',
  ORGANIZATION = 'ORGANIZATION',
}

registerEnumType(BoardCategory, {
  name: 'BoardCategory',
  description: 'What a board is for.',
  valuesConfig: {
    FREE: { description: '자유게시판: anything goes.' },
    SECRET: { description: '비밀게시판: posts are typically anonymous.' },
    INFO: { description: '정보게시판: information and tips.' },
    MARKET: { description: '장터: buying and selling.' },
    CLUB: { description: '동아리: club boards, which members may create where the school allows it.' },
    DEPARTMENT: { description: '학과: a department or major (e.g. 컴퓨터공학과 게시판).' },
    CAREER: { description: '진로: careers, jobs, internships and exams.' },
    PROMOTION: { description: '홍보: announcements and promotion of events, clubs and services.' },
    ORGANIZATION: { description: '단체: student council and other official organisations.' },
  },
});

@ObjectType('Board', { simpleResolvers: true, description: "A board of a school's community. Visible to members of the school and STAFF." })
export class Board implements Pick<DbBoard, 'id' | 'name' | 'description' | 'createdAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: 'Board name, e.g. "자유게시판".' })
  name!: string;

  @Field(() => BoardCategory, { description: 'What the board is for.' })
  category!: BoardCategory;

  @Field(() => String, { nullable: true, description: 'What the board is about.' })
  description!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the board was created.' })
  createdAt!: Date;
}
