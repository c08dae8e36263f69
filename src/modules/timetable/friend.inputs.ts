import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';

import { FriendRequestDirection } from './friend.types';
import { IsId } from '../../shared/ids';

const USERNAME_CAP = 64;

@ArgsType()
export class FriendTargetArgs {
  @Field(() => ID, { nullable: true, description: 'The user, by id (give this or username).' })
  @IsOptional()
  @IsId()
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'The user, by username (give this or userId).' })
  @IsOptional()
  @MaxLength(USERNAME_CAP, { message: 'is not a valid username' })
  username?: string | null;
}

@ArgsType()
export class UserIdArgs {
  @Field(() => ID, { description: 'The other user.' })
  @IsId()
  userId!: string;
}

@ArgsType()
export class FriendRequestsArgs extends ConnectionArgs {
  @Field(() => FriendRequestDirection, { description: 'Received (INCOMING) or sent (OUTGOING) requests.' })
  direction!: FriendRequestDirection;
}
