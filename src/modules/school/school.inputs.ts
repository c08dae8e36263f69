import { MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';

export const SCHOOL_SEARCH_MAX_LENGTH = 100;

@ArgsType()
export class SchoolsArgs {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name or region.' })
  @MaxLength(SCHOOL_SEARCH_MAX_LENGTH, { message: `must be at most ${SCHOOL_SEARCH_MAX_LENGTH} characters` })
  search?: string | null;
}
