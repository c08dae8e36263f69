import { randomUUID } from 'node:crypto';
import type { SessionAccessTokenVerifier } from '../../auth/session-verifier';
import { hashToken, newOpaqueToken, type AccessTokens } from '../../auth/tokens';
import type { Role, Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { ClientInfo } from '../../auth/client-info';
import type { Db } from '../../db/prisma';
import type { Prisma, Session as DbSession } from '../../generated/prisma/client';
import { AccountSuspendedError, NotFoundError, UnauthenticatedError } from '../../shared/errors';
import { claimRefreshToken } from './session.sql';
import { activeSuspension } from './suspension';

export type RevokeReason = 'logout' | 'logout_all' | 'revoked' | 'password_changed' | 'password_reset' | 'account_deleted' | 'reuse_detected' | 'suspended';

/** The tokens handed to a client for one session. */
export interface IssuedTokens {
  sessionId: string;
  userId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

type Tx = Prisma.TransactionClient;

const USER_AGENT_MAX = 512;

/**
 * Sessions are refresh-token families. Rotation is one conditional UPDATE, so exactly one of
 * any number of concurrent refreshes of a token wins; a token presented after it was used
 * revokes its whole session (reuse detection), committed on its own even though the request
 * fails. Revoking a session also ends its access tokens (their `sid` is checked per request).
 */
export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly accessTokens: AccessTokens,
    private readonly verifier: SessionAccessTokenVerifier,
    private readonly auth: Config['auth'],
  ) {}

  /** Opens a session for a user who just proved who they are. */
  async start(userId: string, role: Role, client: ClientInfo, tx: Tx | Db = this.db): Promise<IssuedTokens> {
    const now = new Date();
    const session = await tx.session.create({
      data: {
        userId,
        userAgent: client.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        ip: client.ip,
        expiresAt: new Date(now.getTime() + this.auth.sessionMaxAgeSeconds * 1000),
      },
    });
    return this.mint(tx, { sessionId: session.id, userId, role, sessionExpiresAt: session.expiresAt, parentId: null }, now);
  }

  /**
   * Exchanges a refresh token for a new pair.
   * @throws UnauthenticatedError when the token is unknown, expired, revoked or already used
   *   (the last also revokes the whole session), or its account deleted;
   *   AccountSuspendedError when its account is suspended (its sessions were revoked then).
   */
  async rotate(refreshToken: string, client: ClientInfo): Promise<IssuedTokens> {
    const tokenHash = hashToken(refreshToken);
    const issued = await this.db.$transaction(async (tx) => {
      const claimed = await claimRefreshToken(tx, tokenHash);
      if (!claimed) return null;
      await tx.session.update({ where: { id: claimed.session_id }, data: { lastUsedAt: new Date(), ip: client.ip } });
      return this.mint(tx, {
        sessionId: claimed.session_id,
        userId: claimed.user_id,
        role: claimed.role,
        sessionExpiresAt: claimed.session_expires_at,
        parentId: claimed.id,
      });
    });
    if (issued) return issued;

    const known = await this.db.refreshToken.findUnique({
      where: { tokenHash },
      select: { sessionId: true, usedAt: true, session: { select: { user: { select: { suspendedAt: true, suspendedUntil: true, deletedAt: true } } } } },
    });
    if (known?.usedAt) await this.revokeSessions({ id: known.sessionId }, 'reuse_detected');
    // The holder of one of the account's tokens may learn why it no longer works.
    const suspension = known && !known.session.user.deletedAt ? activeSuspension(known.session.user) : null;
    if (suspension) throw new AccountSuspendedError(suspension.until);
    throw new UnauthenticatedError('Invalid or expired refresh token');
  }

  /** Ends the session a refresh token belongs to. Unknown tokens are ignored (idempotent). */
  async revokeByRefreshToken(refreshToken: string): Promise<void> {
    const known = await this.db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) }, select: { sessionId: true } });
    if (known) await this.revokeSessions({ id: known.sessionId }, 'logout');
  }

  /** The viewer's sessions that can still refresh, most recently used first. */
  async listLive(viewer: Viewer): Promise<(DbSession & { current: boolean })[]> {
    const now = new Date();
    const sessions = await this.db.session.findMany({
      where: {
        userId: viewer.id,
        revokedAt: null,
        expiresAt: { gt: now },
        tokens: { some: { usedAt: null, revokedAt: null, expiresAt: { gt: now } } },
      },
      orderBy: [{ lastUsedAt: 'desc' }, { id: 'asc' }],
    });
    return sessions.map((session) => ({ ...session, current: session.id === viewer.sessionId }));
  }

  /** @returns true once revoked. @throws NotFoundError unless `sessionId` is a live session of the viewer. */
  async revokeOwn(viewer: Viewer, sessionId: string): Promise<true> {
    const revoked = await this.revokeSessions({ id: sessionId, userId: viewer.id }, 'revoked');
    if (revoked === 0) throw new NotFoundError('Session');
    return true;
  }

  /**
   * Revokes every live session matching `where` and all their refresh tokens, in one
   * transaction (or the caller's). @returns how many sessions were revoked.
   */
  async revokeSessions(where: Prisma.SessionWhereInput, reason: RevokeReason, tx?: Tx): Promise<number> {
    const run = async (t: Tx) => {
      const sessions = await t.session.findMany({ where: { ...where, revokedAt: null }, select: { id: true } });
      const ids = sessions.map((s) => s.id);
      if (ids.length === 0) return ids;
      const now = new Date();
      await t.session.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
      await t.refreshToken.updateMany({ where: { sessionId: { in: ids }, revokedAt: null }, data: { revokedAt: now } });
      return ids;
    };
    const ids = tx ? await run(tx) : await this.db.$transaction(run);
    this.verifier.evict(ids);
    return ids.length;
  }

  /**
   * Deletes sessions (and, by cascade, their refresh tokens) that ended more than
   * `graceSeconds` ago, so the tables do not grow with every sign-in ever made. Ended:
   * revoked, past the absolute lifetime, or idle past the expiry of every token.
   * @returns how many sessions were deleted.
   */
  async purgeEnded(graceSeconds = 24 * 3600): Promise<number> {
    const before = new Date(Date.now() - graceSeconds * 1000);
    const { count } = await this.db.session.deleteMany({
      where: {
        OR: [
          { revokedAt: { lt: before } },
          { expiresAt: { lt: before } },
          { tokens: { none: { expiresAt: { gte: before } } } },
        ],
      },
    });
    await this.db.passwordResetToken.deleteMany({ where: { expiresAt: { lt: before } } });
    return count;
  }

  /**
   * Replaces the refresh tokens of a live session with a fresh pair (after a password
   * change, for the session that made it).
   */
  async reissue(tx: Tx, viewer: Viewer): Promise<IssuedTokens> {
    const session = await tx.session.findUniqueOrThrow({ where: { id: viewer.sessionId } });
    await tx.refreshToken.updateMany({ where: { sessionId: session.id, revokedAt: null }, data: { revokedAt: new Date() } });
    return this.mint(tx, { sessionId: session.id, userId: viewer.id, role: viewer.role, sessionExpiresAt: session.expiresAt, parentId: null });
  }

  private async mint(
    tx: Tx | Db,
    target: { sessionId: string; userId: string; role: Role; sessionExpiresAt: Date; parentId: string | null },
    now = new Date(),
  ): Promise<IssuedTokens> {
    const refreshToken = newOpaqueToken();
    const idleExpiry = now.getTime() + this.auth.refreshTokenTtlSeconds * 1000;
    const refreshTokenExpiresAt = new Date(Math.min(idleExpiry, target.sessionExpiresAt.getTime()));
    await tx.refreshToken.create({
      data: { id: randomUUID(), sessionId: target.sessionId, tokenHash: hashToken(refreshToken), parentId: target.parentId, expiresAt: refreshTokenExpiresAt },
    });
    const access = this.accessTokens.sign({ userId: target.userId, sessionId: target.sessionId, role: target.role }, now);
    return {
      sessionId: target.sessionId,
      userId: target.userId,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
    };
  }
}
