import { ArrayMaxSize, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';
import { IsId } from '../../shared/ids';

/** How many ids one markNotificationsRead call may name. */
export const MARK_READ_MAX_IDS = 100;

@ArgsType()
export class NotificationsArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only notifications not yet marked read (default false).' })
  unreadOnly?: boolean | null;
}

@InputType('MarkNotificationsReadInput', { description: 'Which notifications to mark read: give `ids` or `all: true`, not both.' })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: `Notifications of the viewer (at most ${MARK_READ_MAX_IDS}); unknown ids are ignored.` })
  @IsOptional()
  @ArrayMaxSize(MARK_READ_MAX_IDS, { message: `must list at most ${MARK_READ_MAX_IDS} ids` })
  @IsId({ each: true })
  ids?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Mark every notification of the viewer read.' })
  all?: boolean | null;
}
