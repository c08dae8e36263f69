import { randomBytes } from 'node:crypto';
import type { Mailer } from '../../auth/mailer';
import { passwordProblems, type PasswordHasher } from '../../auth/passwords';
import type { Throttle } from '../../auth/throttle';
import { hashToken, newOpaqueToken } from '../../auth/tokens';
import { Role, type Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { ClientInfo } from '../../auth/client-info';
import type { Db } from '../../db/prisma';
import type { User as DbUser } from '../../generated/prisma/client';
import type { JobQueue } from '../../jobs/job-queue';
import { AccountSuspendedError, ConflictError, InvalidCredentialsError, RateLimitedError, UnauthenticatedError, UserInputError, type FieldProblem } from '../../shared/errors';
import { isUniqueViolation } from '../../shared/prisma-errors';
import type { ChangePasswordInput, LoginInput, ResetPasswordInput, SignupInput } from './account.inputs';
import { DELETED_USER_NAME } from './account.types';
import { MailTask, PasswordResetJob } from './mail-jobs';
import type { IssuedTokens, SessionService } from './session.service';
import { activeSuspension } from './suspension';
import type { VerificationService } from './verification.service';
import { normalizeText } from '../../shared/text';
import { normalizeEmail } from './email';

export interface SignedIn extends IssuedTokens {
  user: DbUser;
}

/**
 * The nickname of an account that chose none: not the username, which is half of a
 * credential and shown to nobody else.
 */
export function defaultNickname(): string {
  return `새내기-${randomBytes(3).toString('hex')}`;
}

export function usernameKey(username: string): string {
  return username.toLowerCase();
}

/**
 * The account lifecycle: sign-up, sign-in, password change and reset, deletion. Every
 * operation that runs bcrypt is throttled first; every failure to sign in looks the same.
 */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordHasher,
    private readonly throttle: Throttle,
    private readonly mailer: Mailer,
    private readonly auth: Config['auth'],
    private readonly queue: JobQueue,
    private readonly verification: VerificationService,
  ) {}

  /**
   * Creates an account, signs it in and (in the same transaction) enqueues its verification
   * mail. Membership of a school is not self-service: an address at a school's domain makes
   * that mail verify the membership too; otherwise see requestSchoolVerification.
   * @throws UserInputError (password policy), ConflictError (e-mail or username taken), RateLimitedError
   */
  async signup(input: SignupInput, client: ClientInfo): Promise<SignedIn> {
    await this.throttle.consume('signupPerIp', client.ip);
    const email = normalizeEmail(input.email);
    const key = usernameKey(input.username);
    const problems: FieldProblem[] = passwordProblems('password', input.password, { email, username: input.username });
    if (problems.length > 0) throw new UserInputError(problems);
    await this.assertAvailable(email, key);

    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.db.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: {
            email,
            username: input.username,
            usernameKey: key,
            nickname: (input.nickname && normalizeText(input.nickname)) || defaultNickname(),
            passwordHash,
            admissionYear: input.admissionYear ?? null,
          },
        });
        await this.verification.enqueueEmailVerification(tx, user.id);
        return { ...(await this.sessions.start(user.id, Role.USER, client, tx)), user };
      });
    } catch (error) {
      // Lost a race with a concurrent sign-up for the same e-mail or username.
      if (isUniqueViolation(error, 'email')) throw new ConflictError('email', 'is already registered', { cause: error });
      if (isUniqueViolation(error, 'usernameKey', 'username_key')) throw new ConflictError('username', 'is already taken', { cause: error });
      throw error;
    }
  }

  /**
   * Signs in with an e-mail or username. Unknown account and wrong password give the same
   * error after the same bcrypt work. Failures earn progressive delays (login-backoff.ts)
   * per (account, client address), and per account for addresses the account has not
   * signed in from; so an attacker slows down, and the owner on a known network does not.
   * A suspended account is told so only after its right password.
   * @throws InvalidCredentialsError, RateLimitedError, AccountSuspendedError
   */
  async login(input: LoginInput, client: ClientInfo): Promise<SignedIn> {
    const login = input.login.trim().toLowerCase();
    await this.throttle.consume('loginPerIp', client.ip);
    const user = await this.db.user.findFirst({
      where: { deletedAt: null, ...(login.includes('@') ? { email: login } : { usernameKey: login }) },
    });
    // Keyed per account whichever identifier is typed (e-mail or username), and per typed
    // text for unknown accounts, so both behave alike; always checked before any bcrypt work.
    const accountKey = user ? `user:${user.id}` : `login:${login}`;
    const clientKey = `${accountKey}@${client.ip}`;
    const backoff = this.throttle.loginBackoff;
    await backoff.assertMayTry(clientKey);
    const accountWait = await backoff.waitSeconds(accountKey);
    if (accountWait > 0 && !(user && (await this.isKnownClient(user.id, client)))) throw new RateLimitedError(accountWait);
    // Counted as a failure before bcrypt runs (and forgotten if it succeeds), so that
    // concurrent attempts cannot all pass the check above before any of them is counted.
    await backoff.recordFailure([clientKey, accountKey]);
    const valid = user?.passwordHash
      ? await this.passwords.compare(input.password, user.passwordHash)
      : await this.passwords.compareWithDummy(input.password);
    if (!user || !valid) throw new InvalidCredentialsError();
    await backoff.reset([clientKey, accountKey]);
    const suspension = activeSuspension(user);
    if (suspension) throw new AccountSuspendedError(suspension.until);
    return { ...(await this.sessions.start(user.id, user.role as Role, client)), user };
  }

  /** Whether the account has signed in from this address recently (a session, live or ended within a day, names it). */
  private async isKnownClient(userId: string, client: ClientInfo): Promise<boolean> {
    return (await this.db.session.count({ where: { userId, ip: client.ip } })) > 0;
  }

  /**
   * Re-authentication for sensitive changes (password change, deletion): the same delays as
   * sign-in, on a key only the signed-in account can reach.
   * @throws UserInputError naming `field` when the password is wrong, RateLimitedError
   */
  private async assertOwnPassword(user: DbUser, password: string, field: string): Promise<void> {
    const key = `reauth:${user.id}`;
    await this.throttle.loginBackoff.assertMayTry(key);
    await this.throttle.loginBackoff.recordFailure([key]);
    if (!user.passwordHash || !(await this.passwords.compare(password, user.passwordHash))) {
      throw UserInputError.field(field, 'is incorrect');
    }
    await this.throttle.loginBackoff.reset([key]);
  }

  /**
   * Exchanges a refresh token for a new pair (rotation; see SessionService.rotate). A deleted
   * or suspended account never refreshes (suspended: ACCOUNT_SUSPENDED, said to the holder of
   * one of its tokens).
   * @throws UnauthenticatedError, AccountSuspendedError, RateLimitedError
   */
  async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<SignedIn> {
    await this.throttle.consume('refreshPerIp', client.ip);
    if (!refreshToken) throw new UnauthenticatedError('A refresh token is required');
    const issued = await this.sessions.rotate(refreshToken, client);
    return { ...issued, user: await this.db.user.findUniqueOrThrow({ where: { id: issued.userId } }) };
  }

  /**
   * Signs out one session: the one `refreshToken` belongs to, else the viewer's current one.
   * Idempotent: an unknown or already revoked token is not an error.
   */
  async logout(viewer: Viewer | null, refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.sessions.revokeByRefreshToken(refreshToken);
    else if (viewer) await this.sessions.revokeSessions({ id: viewer.sessionId }, 'logout');
  }

  /** Signs out every session of the viewer (this one included). */
  async logoutAll(viewer: Viewer): Promise<void> {
    await this.sessions.revokeSessions({ userId: viewer.id }, 'logout_all');
  }

  /**
   * Changes the viewer's password, signs out every other session and returns a fresh pair
   * for this one.
   * @throws UserInputError (wrong current password, policy), RateLimitedError
   */
  async changePassword(viewer: Viewer, input: ChangePasswordInput): Promise<SignedIn> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: viewer.id } });
    await this.assertOwnPassword(user, input.currentPassword, 'currentPassword');
    const problems = passwordProblems('newPassword', input.newPassword, user);
    if (problems.length > 0) throw new UserInputError(problems);
    const passwordHash = await this.passwords.hash(input.newPassword);
    return this.db.$transaction(async (tx) => {
      const updated = await tx.user.update({ where: { id: viewer.id }, data: { passwordHash } });
      await this.sessions.revokeSessions({ userId: viewer.id, id: { not: viewer.sessionId } }, 'password_changed', tx);
      return { ...(await this.sessions.reissue(tx, viewer)), user: updated };
    });
  }

  /**
   * Mails a single-use reset link when the address belongs to an account. Answers the same
   * either way, so that it cannot be used to find out who has an account: the request only
   * enqueues a job, whatever the address (the same single statement, known or not); the
   * job looks the account up and mails the link (deliverPasswordReset).
   * @returns true (the mutation's answer, whatever the address)
   * @throws RateLimitedError
   */
  async requestPasswordReset(email: string, client: ClientInfo): Promise<true> {
    await this.throttle.consume('passwordResetPerIp', client.ip);
    await this.queue.enqueue(this.db, MailTask.PASSWORD_RESET, { email: normalizeEmail(email) });
    return true;
  }

  /** Job handler: creates a reset token and mails its link, when the address has a live account. */
  async deliverPasswordReset(payload: unknown): Promise<void> {
    const { email } = PasswordResetJob.parse(payload);
    const user = await this.db.user.findFirst({ where: { email, deletedAt: null } });
    if (!user?.email) return;
    const token = newOpaqueToken();
    await this.db.passwordResetToken.create({
      data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + this.auth.passwordResetTtlSeconds * 1000) },
    });
    const link = `${this.auth.appUrl.replace(/\/$/, '')}/reset-password#token=${token}`;
    const minutes = Math.round(this.auth.passwordResetTtlSeconds / 60);
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your password',
      text: `Someone asked to reset the password of ${user.username ?? 'your account'}.\n\nTo choose a new password, open:\n${link}\n\nThe link works once, for ${minutes} minutes. If you did not ask, ignore this mail.`,
    });
  }

  /**
   * Sets a new password with a reset token (single use, short-lived) and signs out every
   * session of the account.
   * @returns true once the password is set
   * @throws UserInputError (invalid or expired token, policy), RateLimitedError
   */
  async resetPassword(input: ResetPasswordInput, client: ClientInfo): Promise<true> {
    await this.throttle.consume('passwordResetPerIp', client.ip);
    const invalidToken = () => UserInputError.field('token', 'is invalid or expired');
    const tokenHash = hashToken(input.token);
    const pending = await this.db.passwordResetToken.findFirst({
      where: { tokenHash, usedAt: null, expiresAt: { gt: new Date() }, user: { deletedAt: null } },
      include: { user: true },
    });
    if (!pending) throw invalidToken();
    const problems = passwordProblems('newPassword', input.newPassword, pending.user);
    if (problems.length > 0) throw new UserInputError(problems);
    const passwordHash = await this.passwords.hash(input.newPassword);

    await this.db.$transaction(async (tx) => {
      // Claimed with a conditional update: of two concurrent resets with one token, one wins.
      const claimed = await tx.passwordResetToken.updateMany({
        where: { id: pending.id, usedAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (claimed.count !== 1) throw invalidToken();
      await tx.passwordResetToken.updateMany({ where: { userId: pending.userId, usedAt: null }, data: { usedAt: new Date() } });
      await tx.user.update({ where: { id: pending.userId }, data: { passwordHash } });
      await this.sessions.revokeSessions({ userId: pending.userId }, 'password_reset', tx);
    });
    return true;
  }

  /**
   * Deletes the viewer's account: signs out everywhere, blanks personal data and deletes its
   * private projects. The row stays so that posts and comments remain readable under a
   * neutral name.
   * @throws UserInputError (wrong password), RateLimitedError
   */
  async deleteAccount(viewer: Viewer, password: string): Promise<void> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: viewer.id } });
    await this.assertOwnPassword(user, password, 'password');
    await this.db.$transaction(async (tx) => {
      await this.sessions.revokeSessions({ userId: viewer.id }, 'account_deleted', tx);
      await tx.passwordResetToken.deleteMany({ where: { userId: viewer.id } });
      await tx.verificationToken.deleteMany({ where: { userId: viewer.id } });
      // Projects are private: nobody could ever see them again, so they go (tasks cascade).
      await tx.project.deleteMany({ where: { ownerId: viewer.id } });
      await tx.user.update({
        where: { id: viewer.id },
        data: {
          email: null,
          username: null,
          usernameKey: null,
          nickname: DELETED_USER_NAME,
          passwordHash: null,
          schoolId: null,
          schoolVerifiedAt: null,
          schoolEmail: null,
          emailVerifiedAt: null,
          admissionYear: null,
          timeZone: null,
          deletedAt: new Date(),
        },
      });
    });
  }

  /** @throws ConflictError naming the first field already in use. */
  private async assertAvailable(email: string, key: string): Promise<void> {
    const taken = await this.db.user.findMany({ where: { OR: [{ email }, { usernameKey: key }] }, select: { email: true, usernameKey: true } });
    if (taken.some((u) => u.email === email)) throw new ConflictError('email', 'is already registered');
    if (taken.some((u) => u.usernameKey === key)) throw new ConflictError('username', 'is already taken');
  }
}
