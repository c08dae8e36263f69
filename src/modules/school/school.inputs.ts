import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';

export const SCHOOL_SEARCH_MAX_LENGTH = 100;

@ArgsType()
export class SchoolsArgs {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name or region.' })
  @MaxText(SCHOOL_SEARCH_MAX_LENGTH)
  search?: string | null;
}

export const SCHOOL_NAME_MAX_LENGTH = 100;
export const SCHOOL_REGION_MAX_LENGTH = 100;
export const SCHOOL_DOMAIN_MAX_LENGTH = 253;

@InputType('CreateSchoolInput', { description: 'A new school (STAFF).' })
export class CreateSchoolInput {
  @Field(() => String, { description: `Display name, 1-${SCHOOL_NAME_MAX_LENGTH} characters, e.g. "한국대학교".` })
  @MaxText(SCHOOL_NAME_MAX_LENGTH)
  name!: string;

  @Field(() => String, { description: `Region or city, 1-${SCHOOL_REGION_MAX_LENGTH} characters.` })
  @MaxText(SCHOOL_REGION_MAX_LENGTH)
  region!: string;

  @Field(() => String, {
    nullable: true,
    description: 'E-mail domain (e.g. "korea.ac.kr"), unique: addresses at it or its subdomains prove membership. Without one, STAFF approve members.',
  })
  @IsOptional()
  @MaxLength(SCHOOL_DOMAIN_MAX_LENGTH, { message: 'must be a domain name such as korea.ac.kr' })
  domain?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether members may create CLUB boards (default false).' })
  @IsOptional()
  allowsClubBoards?: boolean | null;
}

@InputType('UpdateSchoolInput', { description: 'Changes to a school (STAFF); omitted fields stay as they are.' })
export class UpdateSchoolInput {
  @Field(() => ID, { description: 'The school to change.' })
  @IsId()
  id!: string;

  @Field(() => String, { nullable: true, description: `Display name, 1-${SCHOOL_NAME_MAX_LENGTH} characters (cannot be cleared).` })
  @IsOptional()
  @MaxText(SCHOOL_NAME_MAX_LENGTH)
  name?: string | null;

  @Field(() => String, { nullable: true, description: `Region or city, 1-${SCHOOL_REGION_MAX_LENGTH} characters (cannot be cleared).` })
  @IsOptional()
  @MaxText(SCHOOL_REGION_MAX_LENGTH)
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail domain; null removes it (members are then approved by STAFF). Existing members stay members.' })
  @IsOptional()
  @MaxLength(SCHOOL_DOMAIN_MAX_LENGTH, { message: 'must be a domain name such as korea.ac.kr' })
  domain?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether members may create CLUB boards (cannot be cleared).' })
  @IsOptional()
  allowsClubBoards?: boolean | null;
}
