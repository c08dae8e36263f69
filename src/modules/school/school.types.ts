import { Field, ID, ObjectType } from 'type-graphql';
import type { School as DbSchool } from '../../generated/prisma/client';
import { DateTimeScalar } from '../../shared/scalars';

@ObjectType('School', { simpleResolvers: true, description: 'A school (university) with its own community boards.' })
export class School implements Pick<DbSchool, 'id' | 'name' | 'region' | 'domain' | 'allowsClubBoards' | 'createdAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: 'Display name, e.g. "한국대학교".' })
  name!: string;

  @Field(() => String, { description: 'Region or city the school is in.' })
  region!: string;

  @Field(() => String, { nullable: true, description: 'E-mail domain of the school, when it has one (e.g. "korea.ac.kr").' })
  domain!: string | null;

  @Field(() => Boolean, { description: 'Whether any member may create CLUB boards (otherwise only STAFF creates boards).' })
  allowsClubBoards!: boolean;

  @Field(() => DateTimeScalar, { description: 'When the school was added.' })
  createdAt!: Date;
}
