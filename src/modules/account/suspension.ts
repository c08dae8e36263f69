/**
 * Whether an account is suspended (by STAFF, see modules/moderation). Pure: the callers load
 * the row. A suspension is active from `suspendedAt` until `suspendedUntil` (null: until
 * STAFF lifts it); once `suspendedUntil` has passed the account works again by itself.
 * Statements that filter by it use NOT_SUSPENDED (src/auth/session-verifier.sql.ts).
 */
import type { User as DbUser } from '../../generated/prisma/client';

export interface ActiveSuspension {
  /** When it ends; null for an indefinite suspension. */
  until: Date | null;
}

export function activeSuspension(user: Pick<DbUser, 'suspendedAt' | 'suspendedUntil'>, now = new Date()): ActiveSuspension | null {
  if (!user.suspendedAt) return null;
  if (user.suspendedUntil && user.suspendedUntil.getTime() <= now.getTime()) return null;
  return { until: user.suspendedUntil };
}
