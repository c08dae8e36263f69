import { IsString, MinLength } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';

export const REPORT_REASON_MAX_LENGTH = 500;

@ArgsType()
export class ReportArgs {
  @Field(() => ID, { description: 'The post or comment id.' })
  @IsId()
  id!: string;

  @Field(() => String, { description: `Why it should be hidden (1-${REPORT_REASON_MAX_LENGTH} characters).` })
  @IsString()
  // Blank (but not empty) text passes here: the service answers it (cannot be empty, or a default).
  @MinLength(1, { message: `must be 1-${REPORT_REASON_MAX_LENGTH} characters` })
  @MaxText(REPORT_REASON_MAX_LENGTH, { message: `must be 1-${REPORT_REASON_MAX_LENGTH} characters` })
  reason!: string;
}
