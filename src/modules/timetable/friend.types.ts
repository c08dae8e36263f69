import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { User as DbUser } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { User } from '../account/account.types';

export enum FriendRequestDirection {
  INCOMING = 'INCOMING',
  OUTGOING = 'OUTGOING',
}

registerEnumType(FriendRequestDirection, {
  name: 'FriendRequestDirection',
  description: 'Which friend requests to list.',
  valuesConfig: {
    INCOMING: { description: 'Requests others sent to the viewer (from users the viewer blocked: hidden).' },
    OUTGOING: { description: 'Requests the viewer sent that are still pending.' },
  },
});

export enum FriendshipStatus {
  REQUEST_SENT = 'REQUEST_SENT',
  REQUEST_RECEIVED = 'REQUEST_RECEIVED',
  FRIENDS = 'FRIENDS',
}

registerEnumType(FriendshipStatus, {
  name: 'FriendshipStatus',
  description: 'Where the viewer stands with another user.',
  valuesConfig: {
    REQUEST_SENT: { description: 'The viewer asked; the other user has not answered.' },
    REQUEST_RECEIVED: { description: 'The other user asked; the viewer has not answered.' },
    FRIENDS: { description: 'Friends: each may see the other\'s primary timetables.' },
  },
});

@ObjectType('Friend', { description: 'A friend of the viewer.' })
export class Friend {
  @Field(() => ID, { description: 'The friend\'s user id (a cache key: one Friend per person).' })
  id!: string;

  @Field(() => User, { description: 'The friend.' })
  user!: DbUser;

  @Field(() => DateTimeScalar, { description: 'Since when they are friends.' })
  since!: Date;
}

@ObjectType('FriendRequest', { description: 'A pending friend request, to or from the viewer.' })
export class FriendRequest {
  @Field(() => ID, { description: 'The other user\'s id (a cache key: one request per person).' })
  id!: string;

  @Field(() => User, { description: 'The other user: the sender of an incoming request, the addressee of an outgoing one.' })
  user!: DbUser;

  @Field(() => FriendRequestDirection, { description: 'Whether the viewer received or sent it.' })
  direction!: FriendRequestDirection;

  @Field(() => DateTimeScalar, { description: 'When it was sent.' })
  createdAt!: Date;
}

@ObjectType('Friendship', { description: 'The viewer\'s relation with another user after a friend mutation.' })
export class Friendship {
  @Field(() => ID, { description: 'The other user\'s id (a cache key: one relation per person).' })
  id!: string;

  @Field(() => User, { description: 'The other user.' })
  user!: DbUser;

  @Field(() => FriendshipStatus, { description: 'Where the two stand now.' })
  status!: FriendshipStatus;

  @Field(() => DateTimeScalar, { description: 'When the request was first sent.' })
  createdAt!: Date;
}

export const FriendConnection = ConnectionType('Friend', Friend);
export const FriendRequestConnection = ConnectionType('FriendRequest', FriendRequest);
