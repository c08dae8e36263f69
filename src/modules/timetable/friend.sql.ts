/**
 * Friend lists in SQL: the viewer's side of the pair rows (`friendships` keeps one row per
 * pair, `user_low_id` < `user_high_id`), each row with the other user joined, so that users
 * cost no further statement (the loaders prime `userById` with them).
 */
import { queryRows, type Db } from '../../db/prisma';
import { Prisma, type User as DbUser } from '../../generated/prisma/client';
import { decodeCursor, type CursorValue } from '../../shared/pagination';
import { JOINED_USER_COLUMNS, withJoinedUsers } from '../account/user.sql';
import { FriendRequestDirection } from './friend.types';

/** A row of a friend list or request list: the other user and the row's time. */
export interface FriendRow {
  otherId: string;
  at: Date;
  user: DbUser;
}

export function friendCursor(row: FriendRow): CursorValue[] {
  return [row.at.toISOString(), row.otherId];
}

function afterCondition(after: string | null): Prisma.Sql {
  if (!after) return Prisma.empty;
  const [at, id] = decodeCursor(after, ['timestamp', 'text']);
  return Prisma.sql`AND (x.at, x."otherId") < (${at.toISOString()}::timestamptz, ${id})`;
}

/** The other side of the viewer's rows, with the time that orders the list. */
function viewerRows(viewerId: string, condition: Prisma.Sql, at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT CASE WHEN f.user_low_id = ${viewerId} THEN f.user_high_id ELSE f.user_low_id END AS "otherId", ${at} AS at
    FROM friendships f
    WHERE (f.user_low_id = ${viewerId} OR f.user_high_id = ${viewerId}) AND ${condition}`;
}

function friendsSource(viewerId: string): Prisma.Sql {
  return viewerRows(viewerId, Prisma.sql`f.state = 'ACCEPTED'`, Prisma.sql`f.accepted_at`);
}

/**
 * Pending requests to (INCOMING) or from (OUTGOING) the viewer. Incoming requests from users
 * the viewer blocked are hidden.
 */
function requestsSource(viewerId: string, direction: FriendRequestDirection): Prisma.Sql {
  const condition =
    direction === FriendRequestDirection.INCOMING
      ? Prisma.sql`f.state = 'PENDING' AND f.requester_id <> ${viewerId}
          AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = ${viewerId} AND b.blocked_id = f.requester_id)`
      : Prisma.sql`f.state = 'PENDING' AND f.requester_id = ${viewerId}`;
  return viewerRows(viewerId, condition, Prisma.sql`f.created_at`);
}

async function page(db: Db, source: Prisma.Sql, first: number, after: string | null): Promise<FriendRow[]> {
  const rows = await queryRows<Record<string, unknown>>(db, Prisma.sql`
    SELECT x."otherId", x.at, ${JOINED_USER_COLUMNS}
    FROM (${source}) x JOIN users u ON u.id = x."otherId"
    WHERE u.deleted_at IS NULL ${afterCondition(after)}
    ORDER BY x.at DESC, x."otherId" DESC
    LIMIT ${first + 1}`);
  return withJoinedUsers<FriendRow, 'user'>(rows, 'user');
}

async function count(db: Db, source: Prisma.Sql): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, Prisma.sql`
    SELECT count(*)::int AS n FROM (${source}) x JOIN users u ON u.id = x."otherId" WHERE u.deleted_at IS NULL`);
  return row.n;
}

/** `first + 1` of the viewer's friends, most recent friendship first. */
export function friendPage(db: Db, viewerId: string, first: number, after: string | null): Promise<FriendRow[]> {
  return page(db, friendsSource(viewerId), first, after);
}

export function friendCount(db: Db, viewerId: string): Promise<number> {
  return count(db, friendsSource(viewerId));
}

/** `first + 1` pending requests, newest first. */
export function requestPage(db: Db, viewerId: string, direction: FriendRequestDirection, first: number, after: string | null): Promise<FriendRow[]> {
  return page(db, requestsSource(viewerId, direction), first, after);
}

export function requestCount(db: Db, viewerId: string, direction: FriendRequestDirection): Promise<number> {
  return count(db, requestsSource(viewerId, direction));
}
