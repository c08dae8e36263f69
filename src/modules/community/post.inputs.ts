import { ArrayMaxSize, IsBoolean, IsOptional, IsString, MaxLength, Min, Max } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsIdempotencyKey, idempotencyKeyDescription } from '../../shared/idempotency';
import { ConnectionArgs } from '../../shared/pagination';
import { OrderDirection } from '../../shared/ordering';
import { PostOrderField } from './post.types';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';

/** Hard cap on text arguments before the configured limits are checked in the service. */
export const TEXT_CAP = 100_000;
export const SEARCH_MAX_LENGTH = 100;
/** Hard cap on image lists before the configured maximum (MEDIA_POST_IMAGES_MAX) is checked. */
const IMAGE_IDS_CAP = 50;

@InputType('PostOrder', { description: 'How to sort posts.' })
export class PostOrder {
  @Field(() => PostOrderField, { description: 'The sort key.' })
  field!: PostOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'The direction (default DESC).' })
  direction!: OrderDirection;
}

@ArgsType()
export class BoardPostsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only posts whose title or content contains this text (any language). The content of a blinded post is searched for STAFF only.' })
  @IsOptional()
  @MaxText(SEARCH_MAX_LENGTH)
  search?: string | null;

  @Field(() => PostOrder, { nullable: true, description: 'Sort order; default newest first.' })
  orderBy?: PostOrder | null;
}

@ArgsType()
export class PostsArgs extends BoardPostsArgs {
  @Field(() => ID, { description: 'The board.' })
  @IsId()
  boardId!: string;
}

@ArgsType()
export class HotPostsArgs {
  @Field(() => ID, { description: 'The school.' })
  @IsId()
  schoolId!: string;

  @Field(() => Int, { nullable: true, description: 'How many posts (1-100, default 20).' })
  @IsOptional()
  @Min(1, { message: 'must be at least 1' })
  @Max(100, { message: 'must be at most 100' })
  first?: number | null;
}

@InputType('CreatePostInput', { description: 'A new post.' })
export class CreatePostInput {
  @Field(() => ID, { description: 'The board to post on.' })
  @IsId()
  boardId!: string;

  @Field(() => String, { description: 'Title (not empty; length limit from the server configuration, 100 by default).' })
  @IsString()
  @MaxLength(TEXT_CAP)
  title!: string;

  @Field(() => String, { description: 'Body (not empty; 20,000 characters by default).' })
  @IsString()
  @MaxLength(TEXT_CAP)
  content!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Hide the author (shown as "익명").' })
  @IsBoolean()
  isAnonymous!: boolean;

  @Field(() => [ID], { nullable: true, description: 'Images, in order: POST_IMAGE uploads of the viewer (requestUpload), checked and bound with the post (10 at most by default).' })
  @IsOptional()
  @ArrayMaxSize(IMAGE_IDS_CAP, { message: `must list at most ${IMAGE_IDS_CAP} images` })
  @IsId({ each: true, message: 'lists an id that is not valid' })
  imageUploadIds?: string[] | null;

  @Field(() => String, { nullable: true, description: idempotencyKeyDescription('post', { rateLimited: true }) })
  @IsOptional()
  @IsIdempotencyKey()
  idempotencyKey?: string | null;
}

@InputType('UpdatePostInput', { description: 'Changes to a post; omitted fields stay.' })
export class UpdatePostInput {
  @Field(() => String, { nullable: true, description: 'New title.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New body.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_CAP)
  content?: string | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the post's images, in order (its current ones may be listed again; an empty list removes them all); omitted: unchanged." })
  @IsOptional()
  @ArrayMaxSize(IMAGE_IDS_CAP, { message: `must list at most ${IMAGE_IDS_CAP} images` })
  @IsId({ each: true, message: 'lists an id that is not valid' })
  imageUploadIds?: string[] | null;
}
