import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsIdempotencyKey, idempotencyKeyDescription } from '../../shared/idempotency';
import { IsId } from '../../shared/ids';
import { TEXT_CAP } from './post.inputs';

@InputType('CreateCommentInput', { description: 'A new comment, or a reply when parentId is given.' })
export class CreateCommentInput {
  @Field(() => ID, { description: 'The post.' })
  @IsId()
  postId!: string;

  @Field(() => ID, { nullable: true, description: 'Reply to this comment (a reply to a reply attaches to its top-level comment).' })
  @IsOptional()
  @IsId()
  parentId?: string | null;

  @Field(() => String, { description: 'Text (not empty; 2,000 characters by default).' })
  @IsString()
  @MaxLength(TEXT_CAP)
  content!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Hide the author (익명N, or 글쓴이 for the post\'s author).' })
  @IsBoolean()
  isAnonymous!: boolean;

  @Field(() => String, { nullable: true, description: idempotencyKeyDescription('comment', { rateLimited: true }) })
  @IsOptional()
  @IsIdempotencyKey()
  idempotencyKey?: string | null;
}
