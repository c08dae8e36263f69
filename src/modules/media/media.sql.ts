/**
 * The media queries that need SQL: a page of attachments of every project of a batch in
 * one statement (a LIMITed scan per project), and the clean-up job's selection of files
 * nobody can reach any more. Only parameters carry values.
 */
import { queryRows, type Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { decodeCursor } from '../../shared/pagination';

/** The columns of an upload a list needs. */
export interface AttachmentRow {
  id: string;
  projectId: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  createdAt: Date;
}

/** Attachments are listed oldest first; the cursor is [createdAt, id]. */
export function attachmentCursor(row: AttachmentRow): [string, string] {
  return [row.createdAt.toISOString(), row.id];
}

/** @throws UserInputError (field `after`) for a cursor this API did not issue. */
export function decodeAttachmentCursor(after: string): [Date, string] {
  return decodeCursor(after, ['timestamp', 'text']);
}

/** The first `first + 1` live attachments of each project after the cursor. */
export async function attachmentPagesByProject(db: Db, projectIds: readonly string[], first: number, after: string | null): Promise<AttachmentRow[]> {
  const cursor = after ? decodeAttachmentCursor(after) : null;
  const afterSql = cursor ? Prisma.sql`AND (u.created_at, u.id) > (${cursor[0].toISOString()}::timestamptz, ${cursor[1]})` : Prisma.empty;
  return queryRows<AttachmentRow>(db, Prisma.sql`
    SELECT page.id, page."projectId", page."fileName", page."contentType", page."byteSize", page."createdAt"
    FROM unnest(${[...projectIds]}::text[]) WITH ORDINALITY AS project(id, ord)
    CROSS JOIN LATERAL (
      SELECT u.id, u.project_id AS "projectId", u.file_name AS "fileName", u.content_type AS "contentType",
        u.byte_size AS "byteSize", u.created_at AS "createdAt"
      FROM uploads u
      WHERE u.project_id = project.id AND u.bound_at IS NOT NULL AND u.detached_at IS NULL ${afterSql}
      ORDER BY u.created_at, u.id
      LIMIT ${first + 1}
    ) page
    ORDER BY project.ord, page."createdAt", page.id`);
}

/** How many live attachments each project has. */
export async function attachmentCountsByProject(db: Db, projectIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ projectId: string; n: number }>(db, Prisma.sql`
    SELECT u.project_id AS "projectId", count(*)::int AS n FROM uploads u
    WHERE u.project_id = ANY(${[...projectIds]}::text[]) AND u.bound_at IS NOT NULL AND u.detached_at IS NULL
    GROUP BY u.project_id`);
  return new Map(rows.map((row) => [row.projectId, row.n]));
}

/**
 * Marks as detached (now) the bound files whose post or project row is gone (its foreign key
 * was set to null by a hard delete), so the grace period runs from when the job noticed.
 */
export function markOrphansDetached(db: Db, now: Date): Promise<number> {
  return db.$executeRaw`
    UPDATE uploads SET detached_at = ${now}
    WHERE bound_at IS NOT NULL AND detached_at IS NULL AND post_id IS NULL AND project_id IS NULL AND purpose <> 'AVATAR'`;
}

/**
 * Up to `limit` uploads whose files nobody can reach any more, for longer than the grace
 * period (before `cutoff`): never bound; detached (replaced, removed, parent deleted); images
 * of deleted posts; avatars of deleted accounts.
 */
export async function unreachableUploadIds(db: Db, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM uploads u
    LEFT JOIN posts p ON p.id = u.post_id
    JOIN users o ON o.id = u.owner_id
    WHERE (u.bound_at IS NULL AND u.created_at < ${cutoff})
       OR (u.detached_at IS NOT NULL AND u.detached_at < ${cutoff})
       OR (p.deleted_at IS NOT NULL AND p.deleted_at < ${cutoff})
       OR (u.purpose = 'AVATAR' AND o.deleted_at IS NOT NULL AND o.deleted_at < ${cutoff})
    ORDER BY u.created_at
    LIMIT ${limit}`;
  return rows.map((row) => row.id);
}
