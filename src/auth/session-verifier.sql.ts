/**
 * The session check's SQL: one statement per request that is not served from the session
 * cache, sent straight to the pool (queryRows), plus the suspension condition it shares with
 * refresh-token rotation (modules/account/session.sql.ts).
 */
import { queryRows, type Db } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';
import type { Role } from './viewer';

/**
 * SQL: the account joined as `u` is not under an active suspension. The same rule as
 * modules/account/suspension.ts's activeSuspension, for statements that filter by it.
 */
export const NOT_SUSPENDED = Prisma.sql`(u.suspended_at IS NULL OR u.suspended_until <= now())`;

/** What a request needs of its session and account. */
export interface LiveSession {
  userId: string;
  role: Role;
  schoolId: string | null;
  schoolVerifiedAt: Date | null;
  emailVerified: boolean;
  timeZone: string | null;
}

/** The session, live (not revoked nor expired, its account neither deleted nor suspended), or null. */
export async function liveSessionById(db: Db, sessionId: string): Promise<LiveSession | null> {
  const [session] = await queryRows<LiveSession>(db, Prisma.sql`
    SELECT s.user_id AS "userId", u.role::text AS role, u.school_id AS "schoolId",
      u.school_verified_at AS "schoolVerifiedAt", u.email_verified_at IS NOT NULL AS "emailVerified", u.time_zone AS "timeZone"
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${sessionId} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deleted_at IS NULL AND ${NOT_SUSPENDED}`);
  return session ?? null;
}
