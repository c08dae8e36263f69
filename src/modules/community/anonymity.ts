/**
 * Names shown for authors (here and in messages). Pure: the resolvers pass in what the loaders fetched.
 *
 * An anonymous post shows "익명". In a post's comments, the post's author commenting
 * anonymously is "글쓴이"; every other anonymous commenter has a number fixed at their first
 * comment on that post ("익명1", "익명2", …). Authors are hidden from everyone but themselves
 * and STAFF wherever they chose anonymity.
 */
import type { Viewer } from '../../auth/viewer';
import type { Post as DbPost, User as DbUser } from '../../generated/prisma/client';
import { DELETED_USER_NAME } from '../account/account.types';
import { isStaff } from './community.policy';
import type { CommentWithPostAuthor } from './comment.types';

/** The name of an anonymous post's author, of a hidden participant in messages, and the stem of 익명N. */
export const ANONYMOUS_NAME = '익명';
export const WRITER_NAME = '글쓴이';
export const DELETED_COMMENT_NAME = '(deleted)';

/** How an account is named to whoever may know who it is: its nickname, or "(deleted user)". */
export function displayName(author: Pick<DbUser, 'nickname' | 'deletedAt'> | null): string {
  return !author || author.deletedAt ? DELETED_USER_NAME : author.nickname;
}

export function canSeeAuthor(viewer: Viewer | null, authorId: string, isAnonymous: boolean): boolean {
  return !isAnonymous || viewer?.id === authorId || isStaff(viewer);
}

export function postAuthorName(post: Pick<DbPost, 'isAnonymous'>, author: DbUser | null): string {
  return post.isAnonymous ? ANONYMOUS_NAME : displayName(author);
}

export function commentAuthorName(comment: Pick<CommentWithPostAuthor, 'isAnonymous' | 'authorId' | 'postAuthorId' | 'anonymousNumber' | 'deletedAt'>, author: DbUser | null): string {
  if (comment.deletedAt) return DELETED_COMMENT_NAME;
  if (!comment.isAnonymous) return displayName(author);
  if (comment.authorId === comment.postAuthorId) return WRITER_NAME;
  return `${ANONYMOUS_NAME}${comment.anonymousNumber ?? ''}`;
}
