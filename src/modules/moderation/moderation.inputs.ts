import { IsDate, IsOptional, IsString, MinLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { ModerationKind, ModerationState } from './moderation.types';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';

export const SUSPENSION_REASON_MAX_LENGTH = 500;

@InputType('ModerationQueueFilter', { description: 'Which items of the moderation queue to list; every field optional.' })
export class ModerationQueueFilter {
  @Field(() => ModerationKind, { nullable: true, description: 'Only posts, or only comments (default both).' })
  kind?: ModerationKind | null;

  @Field(() => ModerationState, { nullable: true, description: 'Only reported, or only blinded items (default both).' })
  state?: ModerationState | null;
}

@ArgsType()
export class ModerationQueueArgs extends ConnectionArgs {
  @Field(() => ModerationQueueFilter, { nullable: true, description: 'What to list (default: every reported or blinded item).' })
  filter?: ModerationQueueFilter | null;
}

@InputType('SuspendUserInput', { description: 'Whom to suspend, until when and why.' })
export class SuspendUserInput {
  @Field(() => ID, { description: 'The account to suspend (not a STAFF account, not yourself).' })
  @IsId()
  userId!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the suspension ends by itself; must be in the future. Omitted: until unsuspendUser.' })
  @IsOptional()
  @IsDate({ message: 'must be a date-time' })
  until?: Date | null;

  @Field(() => String, { description: `Why (1-${SUSPENSION_REASON_MAX_LENGTH} characters), kept for STAFF.` })
  @IsString()
  // Blank (but not empty) text passes here: the service answers it (cannot be empty, or a default).
  @MinLength(1, { message: `must be 1-${SUSPENSION_REASON_MAX_LENGTH} characters` })
  @MaxText(SUSPENSION_REASON_MAX_LENGTH, { message: `must be 1-${SUSPENSION_REASON_MAX_LENGTH} characters` })
  reason!: string;
}
