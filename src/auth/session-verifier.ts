/**
 * The access-token verifier used by the context: a valid JWT is not enough, its session
 * must still be live (not revoked, not past its lifetime, account not deleted nor suspended). Sessions
 * checked recently are trusted for `sessionCacheMs` (a few seconds) to spare a query per
 * request; revocations in this process evict them at once, other instances see them after
 * at most that delay.
 */
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';
import { queryRows, type Db } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';
import { UnauthenticatedError } from '../shared/errors';
import { NOT_SUSPENDED } from '../modules/account/suspension';
import { INVALID_ACCESS_TOKEN } from './access-token';
import type { AccessTokenVerifier } from './access-token';
import type { AccessTokens } from './tokens';
import type { Role, Viewer } from './viewer';

interface LiveSession {
  userId: string;
  role: Role;
  schoolId: string | null;
  timeZone: string | null;
}

export class SessionAccessTokenVerifier implements AccessTokenVerifier {
  private readonly cache: LRUCache<string, LiveSession> | null;

  constructor(
    private readonly db: Db,
    private readonly tokens: AccessTokens,
    auth: Config['auth'],
  ) {
    this.cache = auth.sessionCacheMs > 0 ? new LRUCache({ max: 10_000, ttl: auth.sessionCacheMs }) : null;
  }

  async verify(token: string): Promise<Viewer> {
    const claims = this.tokens.verify(token);
    const session = this.cache?.get(claims.sessionId) ?? (await this.loadLiveSession(claims.sessionId));
    if (!session || session.userId !== claims.userId) {
      throw new UnauthenticatedError(INVALID_ACCESS_TOKEN, { httpStatus: 401 });
    }
    // The role is read from the account, so a role change applies without a new token.
    return { id: session.userId, role: session.role, schoolId: session.schoolId, timeZone: session.timeZone, sessionId: claims.sessionId };
  }

  /** Forgets cached sessions after they are revoked in this process. */
  evict(sessionIds: Iterable<string>): void {
    for (const id of sessionIds) this.cache?.delete(id);
  }

  /** Forgets every cached session of a user whose account changed (school, role). */
  evictUser(userId: string): void {
    for (const [sessionId, session] of this.cache?.entries() ?? []) {
      if (session.userId === userId) this.cache?.delete(sessionId);
    }
  }

  /**
   * One statement: the session, live, with its account's role, school and time zone. A
   * suspended account's sessions are revoked when it is suspended; the suspension check here
   * also covers a sign-in that raced the suspension.
   */
  private async loadLiveSession(sessionId: string): Promise<LiveSession | null> {
    const [session] = await queryRows<LiveSession>(this.db, Prisma.sql`
      SELECT s.user_id AS "userId", u.role::text AS role, u.school_id AS "schoolId", u.time_zone AS "timeZone"
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ${sessionId} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deleted_at IS NULL AND ${NOT_SUSPENDED}`);
    if (!session) return null;
    this.cache?.set(sessionId, session);
    return session;
  }
}
