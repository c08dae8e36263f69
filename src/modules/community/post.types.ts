import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Comment as DbComment, Post as DbPost } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';

export enum PostOrderField {
  CREATED_AT = 'CREATED_AT',
  LIKE_COUNT = 'LIKE_COUNT',
  COMMENT_COUNT = 'COMMENT_COUNT',
}

registerEnumType(PostOrderField, {
  name: 'PostOrderField',
  description: 'What to sort posts by (ties: newest first by id).',
  valuesConfig: {
    CREATED_AT: { description: 'When the post was written.' },
    LIKE_COUNT: { description: 'How many likes it has.' },
    COMMENT_COUNT: { description: 'How many comments and replies it has.' },
  },
});

@ObjectType('Post', { simpleResolvers: true, description: 'A post on a board. Visible to members of the board\'s school and STAFF.' })
export class Post implements Pick<DbPost, 'id' | 'title' | 'isAnonymous' | 'likeCount' | 'commentCount' | 'scrapCount' | 'createdAt' | 'updatedAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: 'Title.' })
  title!: string;

  @Field(() => Boolean, { description: 'Whether the author is hidden (shown as "익명").' })
  isAnonymous!: boolean;

  @Field(() => Int, { description: 'How many users like it.' })
  likeCount!: number;

  @Field(() => Int, { description: 'How many comments and replies it has (deleted ones excluded).' })
  commentCount!: number;

  @Field(() => Int, { description: 'How many users scrapped it.' })
  scrapCount!: number;

  @Field(() => DateTimeScalar, { description: 'When it was written.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it was last changed.' })
  updatedAt!: Date;
}

@ObjectType('Comment', { simpleResolvers: true, description: 'A comment on a post, or a reply to a comment (one level deep).' })
export class Comment implements Pick<DbComment, 'id' | 'isAnonymous' | 'likeCount' | 'createdAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => Boolean, { description: 'Whether the author is hidden (shown as 익명N, or 글쓴이 for the post\'s author).' })
  isAnonymous!: boolean;

  @Field(() => Int, { description: 'How many users like it.' })
  likeCount!: number;

  @Field(() => DateTimeScalar, { description: 'When it was written.' })
  createdAt!: Date;
}

export const PostConnection = ConnectionType('Post', Post);
export const CommentConnection = ConnectionType('Comment', Comment);
