/**
 * The session module's one statement Prisma cannot express: refresh-token rotation's
 * conditional claim (`UPDATE … FROM … RETURNING`), which lets exactly one of any number of
 * concurrent refreshes of a token win.
 */
import { NOT_SUSPENDED } from '../../auth/session-verifier.sql';
import type { Role } from '../../auth/viewer';
import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/** A refresh token claimed for rotation, with its session and account. */
export interface ClaimedToken {
  id: string;
  session_id: string;
  user_id: string;
  role: Role;
  session_expires_at: Date;
}

/**
 * Marks the token used when it is unused, unrevoked and unexpired, of a live session whose
 * account is neither deleted nor suspended; null otherwise (including when a concurrent
 * rotation claimed it first: that one's update holds the row until it commits).
 */
export async function claimRefreshToken(tx: Tx, tokenHash: string): Promise<ClaimedToken | null> {
  const [claimed] = await tx.$queryRaw<ClaimedToken[]>`
    UPDATE refresh_tokens AS rt SET used_at = now()
    FROM sessions AS s JOIN users AS u ON u.id = s.user_id
    WHERE rt.token_hash = ${tokenHash}
      AND rt.used_at IS NULL AND rt.revoked_at IS NULL AND rt.expires_at > now()
      AND s.id = rt.session_id AND s.revoked_at IS NULL AND s.expires_at > now()
      AND u.deleted_at IS NULL AND ${NOT_SUSPENDED}
    RETURNING rt.id, rt.session_id, s.user_id, u.role::text AS role, s.expires_at AS session_expires_at`;
  return claimed ?? null;
}
