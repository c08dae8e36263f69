import DataLoader from 'dataloader';
import type { Db } from '../../db/prisma';
import type { Upload as DbUpload } from '../../generated/prisma/client';
import { byKey, groupByKey, LoadersByArgs } from '../../shared/loader-utils';
import { attachmentCountsByProject, attachmentPagesByProject, type AttachmentRow } from './media.sql';

export type MediaLoaders = ReturnType<typeof createMediaLoaders>;

/**
 * Per request. Every list of a page (the images of 20 posts, the avatars of their authors,
 * the attachments of 50 projects) is one statement whatever its length; signing the URLs
 * needs no query at all.
 */
export function createMediaLoaders(db: Db) {
  const byArgs = new LoadersByArgs();
  return {
    /** The live images of each post, in order. */
    imagesByPost: new DataLoader<string, DbUpload[]>(async (postIds) => {
      const rows = await db.upload.findMany({
        where: { postId: { in: [...postIds] }, boundAt: { not: null }, detachedAt: null },
        orderBy: [{ postId: 'asc' }, { position: 'asc' }],
      });
      return groupByKey(postIds, rows, (row) => row.postId!);
    }),

    /** Each user's current avatar. */
    avatarByUser: new DataLoader<string, DbUpload | null>(async (userIds) => {
      const rows = await db.upload.findMany({
        where: { ownerId: { in: [...userIds] }, purpose: 'AVATAR', boundAt: { not: null }, detachedAt: null },
        orderBy: { boundAt: 'asc' },
      });
      // The latest bound wins, should two ever be live (binding detaches the previous one).
      return byKey(userIds, rows, (row) => row.ownerId);
    }),

    attachmentPages: (first: number, after: string | null) =>
      byArgs.get('attachmentPages', `${first}:${after ?? ''}`, () =>
        new DataLoader<string, AttachmentRow[]>(async (projectIds) =>
          groupByKey(projectIds, await attachmentPagesByProject(db, projectIds, first, after), (row) => row.projectId),
        ),
      ),

    attachmentCount: new DataLoader<string, number>(async (projectIds) => {
      const counts = await attachmentCountsByProject(db, projectIds);
      return projectIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}
