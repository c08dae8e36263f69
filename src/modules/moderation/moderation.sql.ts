/**
 * The moderation queue: posts and comments with pending (not dismissed) reports, in one
 * statement. It starts from the reports, grouped per item (the queue is small next to the
 * posts), joins the live items, and reads each item's newest reasons. Only parameters carry
 * values; the state filter comes from a fixed whitelist keyed by the enum.
 */
import { queryRows, type Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { decodeCursor, type CursorValue } from '../../shared/pagination';
import { ModerationKind, type ModerationItemRow, type ModerationState } from './moderation.types';

/** How many reasons an item lists (newest first). */
export const REASONS_SHOWN = 20;

export interface QueueFilter {
  kind?: ModerationKind | null;
  state?: ModerationState | null;
}

const STATE_CONDITION: Record<ModerationState, string> = {
  REPORTED: 'blinded_at IS NULL',
  BLINDED: 'blinded_at IS NOT NULL',
};

function stateCondition(alias: 'p' | 'c', state: ModerationState | null | undefined): Prisma.Sql {
  return state ? Prisma.raw(`AND ${alias}.${STATE_CONDITION[state]}`) : Prisma.empty;
}

const POST_ITEMS = (state: ModerationState | null | undefined) => Prisma.sql`
  SELECT 'POST' AS kind, p.id, p.id AS "postId", p.blinded_at AS "blindedAt", r.n AS "reportCount", r.last AS "lastReportedAt",
    (SELECT json_agg(x) FROM (
       SELECT pr.reason, pr.created_at AS "reportedAt" FROM post_reports pr
       WHERE pr.post_id = p.id AND pr.dismissed_at IS NULL ORDER BY pr.created_at DESC, pr.user_id LIMIT ${REASONS_SHOWN}) x) AS reasons
  FROM (SELECT post_id, count(*)::int AS n, max(created_at) AS last FROM post_reports WHERE dismissed_at IS NULL GROUP BY post_id) r
  JOIN posts p ON p.id = r.post_id
  JOIN boards b ON b.id = p.board_id
  WHERE p.deleted_at IS NULL AND b.deleted_at IS NULL ${stateCondition('p', state)}`;

const COMMENT_ITEMS = (state: ModerationState | null | undefined) => Prisma.sql`
  SELECT 'COMMENT' AS kind, c.id, c.post_id AS "postId", c.blinded_at AS "blindedAt", r.n AS "reportCount", r.last AS "lastReportedAt",
    (SELECT json_agg(x) FROM (
       SELECT cr.reason, cr.created_at AS "reportedAt" FROM comment_reports cr
       WHERE cr.comment_id = c.id AND cr.dismissed_at IS NULL ORDER BY cr.created_at DESC, cr.user_id LIMIT ${REASONS_SHOWN}) x) AS reasons
  FROM (SELECT comment_id, count(*)::int AS n, max(created_at) AS last FROM comment_reports WHERE dismissed_at IS NULL GROUP BY comment_id) r
  JOIN comments c ON c.id = r.comment_id
  JOIN posts p ON p.id = c.post_id
  JOIN boards b ON b.id = p.board_id
  WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL AND b.deleted_at IS NULL ${stateCondition('c', state)}`;

function items(filter: QueueFilter): Prisma.Sql {
  if (filter.kind === ModerationKind.POST) return POST_ITEMS(filter.state);
  if (filter.kind === ModerationKind.COMMENT) return COMMENT_ITEMS(filter.state);
  return Prisma.sql`${POST_ITEMS(filter.state)} UNION ALL ${COMMENT_ITEMS(filter.state)}`;
}

/** Cursor of an item: [newest pending report, id]. */
export function queueCursor(row: ModerationItemRow): CursorValue[] {
  return [row.lastReportedAt.toISOString(), row.id];
}

function afterCondition(after: string | null | undefined): Prisma.Sql {
  if (!after) return Prisma.empty;
  const [at, id] = decodeCursor(after, ['timestamp', 'text']);
  return Prisma.sql`WHERE (q."lastReportedAt", q.id) < (${at.toISOString()}::timestamptz, ${id})`;
}

interface RawItem extends Omit<ModerationItemRow, 'reasons'> {
  reasons: { reason: string; reportedAt: string }[] | null;
}

/** The first `first + 1` items after `after`, most recently reported first. */
export async function queuePage(db: Db, filter: QueueFilter, first: number, after: string | null | undefined): Promise<ModerationItemRow[]> {
  const rows = await queryRows<RawItem>(db, Prisma.sql`
    SELECT q.* FROM (${items(filter)}) q
    ${afterCondition(after)}
    ORDER BY q."lastReportedAt" DESC, q.id DESC
    LIMIT ${first + 1}`);
  return rows.map((row) => ({ ...row, reasons: (row.reasons ?? []).map((r) => ({ reason: r.reason, reportedAt: new Date(r.reportedAt) })) }));
}

export async function queueCount(db: Db, filter: QueueFilter): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, Prisma.sql`SELECT count(*)::int AS n FROM (${items(filter)}) q`);
  return row?.n ?? 0;
}
