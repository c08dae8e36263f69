import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { ConnectionArgs } from '../../shared/pagination';
import { ID_MAX_LENGTH, ID_MESSAGE } from './lecture.inputs';
import { FriendRequestDirection } from './friend.types';

const USERNAME_CAP = 64;

@ArgsType()
export class FriendTargetArgs {
  @Field(() => ID, { nullable: true, description: 'The user, by id (give this or username).' })
  @IsOptional()
  @MaxLength(ID_MAX_LENGTH, { message: ID_MESSAGE })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'The user, by username (give this or userId).' })
  @IsOptional()
  @MaxLength(USERNAME_CAP, { message: 'is not a valid username' })
  username?: string | null;
}

@ArgsType()
export class UserIdArgs {
  @Field(() => ID, { description: 'The other user.' })
  @MaxLength(ID_MAX_LENGTH, { message: ID_MESSAGE })
  userId!: string;
}

@ArgsType()
export class FriendRequestsArgs extends ConnectionArgs {
  @Field(() => FriendRequestDirection, { description: 'Received (INCOMING) or sent (OUTGOING) requests.' })
  direction!: FriendRequestDirection;
}
