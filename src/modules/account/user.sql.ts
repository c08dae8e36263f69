/**
 * A list query's rows can carry their user (a post's author, a project's owner) from a
 * `JOIN users u`, so that users cost no further statement; the loaders then prime
 * `userById` with them.
 */
import { Prisma, type User as DbUser } from '../../generated/prisma/client';

/** The joined user's columns, from `users u`, each prefixed `u_`. Never the password hash. */
export const JOINED_USER_COLUMNS = Prisma.sql`
  u.id AS "u_id", u.email AS "u_email", u.username AS "u_username", u.username_key AS "u_usernameKey",
  u.nickname AS "u_nickname", u.role::text AS "u_role", u.school_id AS "u_schoolId",
  u.admission_year AS "u_admissionYear", u.time_zone AS "u_timeZone", u.deleted_at AS "u_deletedAt",
  u.created_at AS "u_createdAt", u.updated_at AS "u_updatedAt", u.suspended_at AS "u_suspendedAt",
  u.suspended_until AS "u_suspendedUntil", u.suspension_reason AS "u_suspensionReason", u.suspended_by_id AS "u_suspendedById",
  u.email_verified_at AS "u_emailVerifiedAt", u.school_verified_at AS "u_schoolVerifiedAt", u.school_email AS "u_schoolEmail"`;

/** The user of a row that selected JOINED_USER_COLUMNS. */
export function joinedUser(row: Record<string, unknown>): DbUser {
  return {
    id: row.u_id as string,
    email: row.u_email as string | null,
    username: row.u_username as string | null,
    usernameKey: row.u_usernameKey as string | null,
    nickname: row.u_nickname as string,
    passwordHash: null,
    role: row.u_role as DbUser['role'],
    schoolId: row.u_schoolId as string | null,
    admissionYear: row.u_admissionYear as number | null,
    timeZone: row.u_timeZone as string | null,
    deletedAt: row.u_deletedAt as Date | null,
    createdAt: row.u_createdAt as Date,
    updatedAt: row.u_updatedAt as Date,
    suspendedAt: row.u_suspendedAt as Date | null,
    suspendedUntil: row.u_suspendedUntil as Date | null,
    suspensionReason: row.u_suspensionReason as string | null,
    suspendedById: row.u_suspendedById as string | null,
    emailVerifiedAt: row.u_emailVerifiedAt as Date | null,
    schoolVerifiedAt: row.u_schoolVerifiedAt as Date | null,
    schoolEmail: row.u_schoolEmail as string | null,
  };
}

/**
 * Adds each row's joined user under `key`, in place: rows keep their `u_` columns (unread)
 * rather than being copied, and rows by the same user share one user object, since a feed
 * of 1,000 comments has a handful of authors and copying or rebuilding per row was a
 * measurable share of the request's allocations.
 */
export function withJoinedUsers<T, K extends string>(rows: Record<string, unknown>[], key: K): (T & Record<K, DbUser>)[] {
  const users = new Map<string, DbUser>();
  for (const row of rows) {
    const id = row.u_id as string;
    let user = users.get(id);
    if (!user) users.set(id, (user = joinedUser(row)));
    row[key] = user;
  }
  return rows as (T & Record<K, DbUser>)[];
}
