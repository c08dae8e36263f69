import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Post as DbPost, User as DbUser } from '../../generated/prisma/client';
import { isStaff } from './community.policy';
import { byKey, groupByKey, LoadersByArgs, type MaybePromise } from '../../shared/loader-utils';
import { postCountsByBoard, postPagesByBoard, viewerPostFlags, type PostOrderSpec } from './post.sql';
import type { PostPageRow } from './post.types';

export type PostLoaders = ReturnType<typeof createPostLoaders>;

export interface PostPageKey {
  search: string | null;
  order: PostOrderSpec;
  first: number;
  after: string | null;
}

/** Primes `userById` with the authors a page joined; rows by one author share one user object (withJoinedUsers), primed once. */
export function primeAuthors(userById: DataLoader<string, DbUser | null>, rows: readonly { author: DbUser }[]): void {
  let last: DbUser | null = null;
  for (const { author } of rows) {
    if (author !== last) userById.prime(author.id, author);
    last = author;
  }
}

/**
 * Per request (viewer flags are the viewer's). Page loaders are keyed by their arguments
 * (LoadersByArgs), so differently-shaped lists in one request never share a batch. Rows
 * fetched by pages prime `postById` and (with their authors) `userById`, so resolving them
 * again costs nothing.
 */
export function createPostLoaders(db: Db, viewer: Viewer | null, userById: DataLoader<string, DbUser | null>) {
  const byArgs = new LoadersByArgs();

  const postById = new DataLoader<string, DbPost | null>(async (ids) =>
    byKey(ids, await db.post.findMany({ where: { id: { in: [...ids] } } }), (post) => post.id),
  );

  /** Whether the viewer liked / scrapped each post (one statement for both), for posts not read by a page (page rows carry both). */
  const postFlags = new DataLoader<string, { liked: boolean; scrapped: boolean }>(async (ids) => {
    if (!viewer) return ids.map(() => ({ liked: false, scrapped: false }));
    const flags = await viewerPostFlags(db, viewer.id, ids);
    return ids.map((id) => flags.get(id) ?? { liked: false, scrapped: false });
  });

  return {
    postById,
    postFlags,

    /** The first page of posts of each board, for one set of list arguments. */
    postPages: (key: PostPageKey) =>
      byArgs.get('postPages', key, () =>
        new DataLoader<string, PostPageRow[]>(async (boardIds) => {
          const rows = await postPagesByBoard(db, { boardIds, viewerId: viewer?.id ?? null, seesBlinded: isStaff(viewer), ...key });
          primeAuthors(userById, rows);
          for (const row of rows) postById.prime(row.id, row);
          return groupByKey(boardIds, rows, (row) => row.boardId);
        }),
      ),

    postCounts: (search: string | null) =>
      byArgs.get('postCounts', search, () =>
        new DataLoader<string, number>(async (boardIds) => {
          const counts = await postCountsByBoard(db, boardIds, search, isStaff(viewer));
          return boardIds.map((id) => counts.get(id) ?? 0);
        }),
      ),

    /**
     * After a write changed the post (or the viewer's like or scrap of it): later fields of
     * the request read the changed row, and ask again for the viewer's flags.
     */
    postChanged(post: DbPost): void {
      postById.clear(post.id).prime(post.id, post);
      postFlags.clear(post.id);
    },

    /** After the post was deleted, or a write moved its counters: a later lookup reads it again. */
    forget(postId: string): void {
      postById.clear(postId);
      postFlags.clear(postId);
    },
  };
}

/** A post's or comment's author: the one its list query joined, else through the loader. */
export function authorOf(row: { authorId: string; author?: DbUser }, loaders: { user: { userById: DataLoader<string, DbUser | null> } }): MaybePromise<DbUser | null> {
  return row.author ?? loaders.user.userById.load(row.authorId);
}
