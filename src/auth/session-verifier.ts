/**
 * The access-token verifier used by the context: a valid JWT is not enough, its session
 * must still be live (not revoked, not past its lifetime, account not deleted nor suspended). Sessions
 * checked recently are trusted for `sessionCacheMs` (a few seconds) to spare a query per
 * request; revocations in this process evict them at once, other instances see them after
 * at most that delay.
 */
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';
import type { Db } from '../db/prisma';
import { UnauthenticatedError } from '../shared/errors';
import { INVALID_ACCESS_TOKEN } from './access-token';
import { verifiedSchoolIdOf } from './membership';
import { liveSessionById, type LiveSession } from './session-verifier.sql';
import type { AccessTokenVerifier } from './access-token';
import type { AccessTokens } from './tokens';
import type { Viewer } from './viewer';

/** Sessions that ended, or every session of an account that changed (role, school). */
export interface SessionEviction {
  sessionIds?: string[];
  userId?: string;
}

/** The viewer of a live session: membership as the one rule says (src/auth/membership.ts). */
function viewerOf(session: LiveSession, sessionId: string): Viewer {
  return {
    id: session.userId,
    role: session.role,
    schoolId: verifiedSchoolIdOf(session),
    emailVerified: session.emailVerified,
    timeZone: session.timeZone,
    sessionId,
  };
}

export class SessionAccessTokenVerifier implements AccessTokenVerifier {
  private readonly cache: LRUCache<string, LiveSession> | null;
  /**
   * Sessions evicted recently are not cached again for a while: a revocation announced from
   * inside a transaction that has not committed yet must not be undone by a read of the old row.
   */
  private readonly evicted: LRUCache<string, true> | null;
  private readonly listeners: ((eviction: SessionEviction) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly tokens: AccessTokens,
    auth: Config['auth'],
  ) {
    this.cache = auth.sessionCacheMs > 0 ? new LRUCache({ max: 10_000, ttl: auth.sessionCacheMs }) : null;
    this.evicted = auth.sessionCacheMs > 0 ? new LRUCache({ max: 10_000, ttl: Math.max(auth.sessionCacheMs, 5_000) }) : null;
  }

  /**
   * The session's viewer re-read from the database (not the cache), or null when the session
   * ended or belongs to another account: for long-lived connections re-checking themselves.
   */
  async reloadSession(sessionId: string, userId: string): Promise<Viewer | null> {
    const session = await this.loadLiveSession(sessionId);
    if (!session || session.userId !== userId) return null;
    return viewerOf(session, sessionId);
  }

  /** Calls `listener` after each eviction made in this process (not those received with `forget`). */
  onEviction(listener: (eviction: SessionEviction) => void): void {
    this.listeners.push(listener);
  }

  async verify(token: string): Promise<Viewer> {
    return (await this.verifyWithExpiry(token)).viewer;
  }

  /** As `verify`, with the token's expiry (WebSocket connections end or renew at that time). */
  async verifyWithExpiry(token: string): Promise<{ viewer: Viewer; expiresAt: Date }> {
    const claims = this.tokens.verify(token);
    const session = this.cache?.get(claims.sessionId) ?? (await this.loadLiveSession(claims.sessionId));
    if (!session || session.userId !== claims.userId) {
      throw new UnauthenticatedError(INVALID_ACCESS_TOKEN, { httpStatus: 401 });
    }
    // The role is read from the account, so a role change applies without a new token.
    return { viewer: viewerOf(session, claims.sessionId), expiresAt: claims.expiresAt! };
  }

  /** Forgets cached sessions after they are revoked in this process, and announces it. */
  evict(sessionIds: Iterable<string>): void {
    const ids = [...sessionIds];
    if (ids.length === 0) return;
    this.forget({ sessionIds: ids });
    this.announce({ sessionIds: ids });
  }

  /** Forgets every cached session of a user whose account changed (school, role), and announces it. */
  evictUser(userId: string): void {
    this.forget({ userId });
    this.announce({ userId });
  }

  /** Forgets what an eviction names, without announcing it (for evictions received from other instances). */
  forget(eviction: SessionEviction): void {
    for (const id of eviction.sessionIds ?? []) {
      this.cache?.delete(id);
      this.evicted?.set(id, true);
    }
    if (!eviction.userId) return;
    for (const [sessionId, session] of this.cache?.entries() ?? []) {
      if (session.userId === eviction.userId) this.cache?.delete(sessionId);
    }
  }

  private announce(eviction: SessionEviction): void {
    for (const listener of this.listeners) listener(eviction);
  }

  /**
   * One statement: the session, live, with its account's role, school membership, e-mail
   * verification and time zone. A suspended account's sessions are revoked when it is
   * suspended; the suspension check here also covers a sign-in that raced the suspension.
   */
  private async loadLiveSession(sessionId: string): Promise<LiveSession | null> {
    const session = await liveSessionById(this.db, sessionId);
    if (!session) return null;
    if (!this.evicted?.has(sessionId)) this.cache?.set(sessionId, session);
    return session;
  }
}
