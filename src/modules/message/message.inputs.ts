import { IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsIdempotencyKey, idempotencyKeyDescription } from '../../shared/idempotency';
import { ConnectionArgs } from '../../shared/pagination';
import { IsId } from '../../shared/ids';
import { IsText } from '../../shared/text';

export const MESSAGE_MAX_LENGTH = 1000;

@InputType('SendMessageInput', {
  description:
    'A direct message. Say where it goes in one of four ways: `conversationId` (reply in an existing conversation, ' +
    "the only way to answer a participant who is anonymous to you), `postId` (write to that post's author: when the " +
    'post is anonymous, in a conversation of its own for that post that keeps the author anonymous, else in the named one), ' +
    "`commentId` (the same for a comment's author: an anonymous comment's author stays 익명N, in a conversation of its own " +
    'for that comment), or `recipientId` (the named conversation with that account).',
})
export class SendMessageInput {
  @Field(() => ID, {
    nullable: true,
    description: "The account to write to. With `postId` or `commentId` it is omitted (for an anonymous post or comment it must be), or is its author.",
  })
  @IsOptional()
  @IsId()
  recipientId?: string | null;

  @Field(() => String, { description: `The text, 1-${MESSAGE_MAX_LENGTH} characters; surrounding whitespace is removed.` })
  @IsText(1, MESSAGE_MAX_LENGTH)
  content!: string;

  @Field(() => ID, { nullable: true, description: "Write to this post's author about it (a post visible to the viewer, not their own)." })
  @IsOptional()
  @IsId()
  postId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Write to this comment's author about it (a live comment visible to the viewer, not their own); not combined with `postId`.",
  })
  @IsOptional()
  @IsId()
  commentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Reply in this conversation of the viewer; not combined with `recipientId`, `postId` or `commentId`.' })
  @IsOptional()
  @IsId()
  conversationId?: string | null;

  @Field(() => String, { nullable: true, description: idempotencyKeyDescription('message', { rateLimited: true }) })
  @IsOptional()
  @IsIdempotencyKey()
  idempotencyKey?: string | null;
}

@ArgsType()
export class MessagesArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'A conversation of the viewer.' })
  @IsId()
  conversationId!: string;
}
