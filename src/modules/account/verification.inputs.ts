import { Length, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsId } from '../../shared/ids';
import { IsEmailAddress } from './account.inputs';

/** Generous: a wrong token fails as BAD_USER_INPUT "invalid or expired", not as a length error. */
const TOKEN_MAX_LENGTH = 512;

@ArgsType()
export class VerificationTokenArgs {
  @Field(() => String, { description: 'The token from the link in the mail.' })
  @Length(1, TOKEN_MAX_LENGTH, { message: 'is invalid or expired' })
  token!: string;
}

@InputType('RequestSchoolVerificationInput', { description: "A school address to prove membership with: a link is mailed there." })
export class RequestSchoolVerificationInput {
  @Field(() => ID, { description: 'The school to join; it must have an e-mail domain (otherwise STAFF approve members).' })
  @IsId()
  schoolId!: string;

  @Field(() => String, { description: "An address at the school's domain or one of its subdomains, e.g. you@cs.korea.ac.kr for korea.ac.kr." })
  @IsEmailAddress()
  @MaxLength(254, { message: 'must be at most 254 characters' })
  schoolEmail!: string;
}

@ArgsType()
export class ApproveMembershipArgs {
  @Field(() => ID, { description: 'The account to make a verified member.' })
  @IsId()
  userId!: string;

  @Field(() => ID, { description: 'The school it becomes a member of.' })
  @IsId()
  schoolId!: string;
}
