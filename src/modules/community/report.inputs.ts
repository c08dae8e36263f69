import { IsString, Length } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { IsId } from '../../shared/ids';

export const REPORT_REASON_MAX_LENGTH = 500;

@ArgsType()
export class ReportArgs {
  @Field(() => ID, { description: 'The post or comment id.' })
  @IsId()
  id!: string;

  @Field(() => String, { description: `Why it should be hidden (1-${REPORT_REASON_MAX_LENGTH} characters).` })
  @IsString()
  @Length(1, REPORT_REASON_MAX_LENGTH, { message: `must be 1-${REPORT_REASON_MAX_LENGTH} characters` })
  reason!: string;
}
