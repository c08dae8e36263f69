import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Notification as DbNotification } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';

/**
 * What a notification is about. FRIEND_REQUEST is not a kind yet: it arrives with the
 * timetable module (friends), which is built separately.
 */
export enum NotificationKind {
  COMMENT_ON_MY_POST = 'COMMENT_ON_MY_POST',
  REPLY_TO_MY_COMMENT = 'REPLY_TO_MY_COMMENT',
  MESSAGE = 'MESSAGE',
  HOT_POST = 'HOT_POST',
}

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification tells the viewer about.',
  valuesConfig: {
    COMMENT_ON_MY_POST: { description: 'Someone commented on a post of the viewer (`post`, `comment`).' },
    REPLY_TO_MY_COMMENT: { description: 'Someone replied to a comment of the viewer (`post`, `comment`).' },
    MESSAGE: { description: 'A direct message arrived (`conversation`).' },
    HOT_POST: { description: 'A post of the viewer reached the hot-post threshold (`post`).' },
  },
});

@ObjectType('Notification', { simpleResolvers: true, description: 'Something that happened for the viewer. Visible to its recipient only.' })
export class Notification implements Pick<DbNotification, 'id' | 'createdAt' | 'readAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => NotificationKind, { description: 'What it is about; says which target fields are set.' })
  kind!: NotificationKind;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the viewer marked it read; null while unread.' })
  readAt!: Date | null;
}

export const NotificationConnection = ConnectionType('Notification', Notification);
