import type { SessionAccessTokenVerifier } from '../../auth/session-verifier';
import { Role, type Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { User as DbUser } from '../../generated/prisma/client';
import { ForbiddenError, NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import type { SessionService } from '../account/session.service';
import type { SuspendUserInput } from './moderation.inputs';
import { suspensionOf, type SuspensionRecord } from './moderation.types';
import { normalizeText } from '../../shared/text';

/**
 * Account suspension by STAFF (the resolvers require the role). A suspension ends every
 * session of the account at once through SessionService.revokeSessions (reason
 * "suspended"), the same path as logout and account deletion, so access tokens die with
 * them and anything hooked onto that path (e.g. closing live sockets) follows. While it lasts
 * the account cannot sign in or refresh (ACCOUNT_SUSPENDED); its posts, comments and
 * messages stay. It ends at `until`, or when STAFF lifts it.
 */
export class SuspensionService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionService,
    private readonly verifier: Pick<SessionAccessTokenVerifier, 'evictUser'>,
  ) {}

  /**
   * Suspends a live account (not a STAFF account: remove the role first with the operator
   * script; never oneself) and signs it out everywhere, in one transaction. Suspending again
   * replaces the end date and reason.
   * @throws UserInputError (reason, until in the past, oneself), NotFoundError, ForbiddenError (a STAFF account)
   */
  async suspend(viewer: Viewer, input: SuspendUserInput): Promise<SuspensionRecord> {
    const problems: FieldProblem[] = [];
    const reason = normalizeText(input.reason);
    if (!reason) problems.push({ field: 'reason', message: 'cannot be empty' });
    const now = new Date();
    if (input.until && input.until.getTime() <= now.getTime()) problems.push({ field: 'until', message: 'must be in the future' });
    if (input.userId === viewer.id) problems.push({ field: 'userId', message: 'cannot be yourself' });
    if (problems.length > 0) throw new UserInputError(problems);
    const target = await this.liveUser(input.userId);
    if (target.role === Role.STAFF) throw new ForbiddenError('STAFF accounts cannot be suspended');

    const user = await this.db.$transaction(async (tx) => {
      const updated = await tx.user.update({
        where: { id: target.id },
        data: { suspendedAt: now, suspendedUntil: input.until ?? null, suspensionReason: reason, suspendedById: viewer.id },
      });
      await this.sessions.revokeSessions({ userId: target.id }, 'suspended', tx);
      return updated;
    });
    // After the commit: a request that cached the account's session meanwhile is forgotten too.
    this.verifier.evictUser(target.id);
    return suspensionOf(user, now) ?? { id: user.id, user, suspendedAt: now, until: user.suspendedUntil, reason };
  }

  /** Lifts the account's suspension (idempotent). @throws NotFoundError */
  async unsuspend(_viewer: Viewer, userId: string): Promise<DbUser> {
    const target = await this.liveUser(userId);
    return this.db.user.update({
      where: { id: target.id },
      data: { suspendedAt: null, suspendedUntil: null, suspensionReason: null, suspendedById: null },
    });
  }

  /** @throws NotFoundError unless a live (not deleted) account has this id. */
  private async liveUser(userId: string): Promise<DbUser> {
    const user = await this.db.user.findFirst({ where: { id: userId, deletedAt: null } });
    if (!user) throw new NotFoundError('User');
    return user;
  }
}
