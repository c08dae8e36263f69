import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Post as DbPost, User as DbUser } from '../../generated/prisma/client';
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

/**
 * What a page's statement reads beside the post: its author and the viewer's flags (so that
 * resolving them costs neither a statement nor a promise: `Post.viewerHasLiked` and
 * `viewerHasScrapped` read the flags from the row when it has them, and ask the loaders only
 * for posts loaded otherwise).
 */
export interface PostPageExtras {
  author: DbUser;
  viewerLiked: boolean;
  viewerScrapped: boolean;
}

/** A post of a page (post.sql.ts): the row as Prisma would return it, with the page's extras. */
export interface PostPageRow extends DbPost, PostPageExtras {}

/** A post as its field resolvers receive it: a page row with its extras, or one loaded otherwise without them. */
export type ResolvedPost = DbPost & Partial<PostPageExtras>;

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

export const PostConnection = ConnectionType('Post', Post);
