import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Comment as DbComment, User as DbUser } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';

/**
 * A comment row with the id of its post's author joined (for 글쓴이): what every comment read
 * returns, since the name a comment shows depends on it.
 */
export interface CommentWithPostAuthor extends DbComment {
  postAuthorId: string;
}

/** What a page's statement reads beside the comment: its author, and whether the viewer liked it. */
export interface CommentPageExtras {
  author: DbUser;
  viewerLiked: boolean;
}

/** A comment of a page (comment.sql.ts): resolving its author and flag costs neither a statement nor a promise. */
export interface CommentPageRow extends CommentWithPostAuthor, CommentPageExtras {}

/** A comment as its field resolvers receive it: a page row with its extras, or one loaded otherwise without them. */
export type ResolvedComment = CommentWithPostAuthor & Partial<CommentPageExtras>;

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

export const CommentConnection = ConnectionType('Comment', Comment);
