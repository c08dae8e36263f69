import { Field, ID, ObjectType } from 'type-graphql';
import type { Conversation as DbConversation, Message as DbMessage } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';

@ObjectType('Conversation', {
  simpleResolvers: true,
  description: 'A 1:1 conversation of the viewer. Visible to its two participants only; to anyone else it does not exist.',
})
export class Conversation implements Pick<DbConversation, 'id' | 'lastMessageAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => DateTimeScalar, { name: 'updatedAt', simple: false, description: 'When the last message was sent; conversations are listed by it, newest first.' })
  lastMessageAt!: Date;
}

@ObjectType('Message', { simpleResolvers: true, description: 'A direct message in a conversation.' })
export class Message implements Pick<DbMessage, 'id' | 'content' | 'createdAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: 'The text, 1-1000 characters.' })
  content!: string;

  @Field(() => DateTimeScalar, { description: 'When it was sent.' })
  createdAt!: Date;
}

export const ConversationConnection = ConnectionType('Conversation', Conversation);
export const MessageConnection = ConnectionType('Message', Message);
