import type { Mailer } from '../../auth/mailer';
import type { SessionAccessTokenVerifier } from '../../auth/session-verifier';
import type { Throttle } from '../../auth/throttle';
import { hashToken, newOpaqueToken } from '../../auth/tokens';
import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Prisma, School as DbSchool, User as DbUser } from '../../generated/prisma/client';
import type { JobQueue } from '../../jobs/job-queue';
import { ConflictError, NotFoundError, UserInputError } from '../../shared/errors';
import { isUniqueViolation } from '../../shared/prisma-errors';
import { candidateDomains, isAtDomain } from '../school/school-domain';
import { normalizeEmail } from './email';
import { EmailVerificationJob, MailTask, SchoolVerificationJob } from './mail-jobs';
import type { RequestSchoolVerificationInput } from './verification.inputs';

type Tx = Prisma.TransactionClient;

const invalidToken = () => UserInputError.field('token', 'is invalid or expired');

/**
 * Verified e-mail and verified school membership (the rules themselves: src/auth/membership.ts).
 *
 * Requests enqueue a mail job (src/jobs/) and return; the job, run by the worker, creates a
 * single-use token (stored only as its SHA-256, expiring after VERIFICATION_TTL_SECONDS)
 * and mails the link. Verifying claims the token with one conditional update, so a token
 * works once even under concurrency. A school address verifies one account at a time: using
 * it for another account moves the membership there.
 */
export class VerificationService {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly mailer: Mailer,
    private readonly throttle: Throttle,
    private readonly auth: Config['auth'],
    private readonly sessions: Pick<SessionAccessTokenVerifier, 'evictUser'> | null,
  ) {}

  /** Enqueues the verification mail of `userId` (sign-up calls it inside its transaction). */
  enqueueEmailVerification(client: Db | Tx, userId: string): Promise<void> {
    return this.queue.enqueue(client, MailTask.EMAIL_VERIFICATION, { userId });
  }

  /**
   * Mails a new verification link to the viewer's address.
   * @returns true once the mail is queued
   * @throws RateLimitedError, UserInputError (already verified)
   */
  async requestEmailVerification(viewer: Viewer): Promise<true> {
    await this.throttle.consume('verificationMailPerUser', viewer.id);
    const user = await this.db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { emailVerifiedAt: true } });
    if (user.emailVerifiedAt) throw UserInputError.field('email', 'is already verified');
    await this.enqueueEmailVerification(this.db, viewer.id);
    return true;
  }

  /**
   * Marks the address the token was mailed to as verified. When that address is at a
   * school's domain and the account is not yet a member anywhere, it also verifies the
   * membership (sign-up with a school address verifies both at once).
   * @returns true once verified
   * @throws UserInputError (invalid, used or expired token), ConflictError (school address just taken)
   */
  async verifyEmail(token: string): Promise<true> {
    const pending = await this.db.verificationToken.findFirst({
      where: { tokenHash: hashToken(token), purpose: 'EMAIL', usedAt: null, expiresAt: { gt: new Date() }, user: { deletedAt: null } },
      include: { user: true, school: true },
    });
    // A token mailed to an address the account no longer has proves nothing.
    if (!pending || pending.user.email !== pending.email) throw invalidToken();
    // Membership too, while the address is still at the school's domain and the account is a member nowhere.
    const school = pending.school?.domain && isAtDomain(pending.email, pending.school.domain) && !pending.user.schoolVerifiedAt ? pending.school : null;
    const moved = await this.inTransaction(async (tx) => {
      await this.claim(tx, pending.id, pending.userId, 'EMAIL');
      await tx.user.update({ where: { id: pending.userId }, data: { emailVerifiedAt: new Date() } });
      return school ? this.grantMembership(tx, pending.userId, school.id, pending.email) : [];
    });
    this.evict([pending.userId, ...moved]);
    return true;
  }

  /**
   * Mails a membership link to `schoolEmail`, which must be at the school's domain.
   * @returns true once the mail is queued
   * @throws RateLimitedError, UserInputError (unknown school, school without a domain, address not at it)
   */
  async requestSchoolVerification(viewer: Viewer, input: RequestSchoolVerificationInput): Promise<true> {
    await this.throttle.consume('verificationMailPerUser', viewer.id);
    const school = await this.db.school.findUnique({ where: { id: input.schoolId } });
    if (!school) throw UserInputError.field('schoolId', 'is not a known school');
    if (!school.domain) throw UserInputError.field('schoolId', 'has no e-mail domain: its members are approved by STAFF');
    const email = normalizeEmail(input.schoolEmail);
    if (!isAtDomain(email, school.domain)) throw UserInputError.field('schoolEmail', `must be an address at ${school.domain}`);
    await this.queue.enqueue(this.db, MailTask.SCHOOL_VERIFICATION, { userId: viewer.id, schoolId: school.id, email });
    return true;
  }

  /**
   * Grants the membership the token was mailed for, moving it away from any other account
   * that the same school address verified before.
   * @returns true once granted
   * @throws UserInputError (invalid, used or expired token, or the school's domain changed since), ConflictError
   */
  async verifySchoolEmail(token: string): Promise<true> {
    const pending = await this.db.verificationToken.findFirst({
      where: { tokenHash: hashToken(token), purpose: 'SCHOOL', usedAt: null, expiresAt: { gt: new Date() }, user: { deletedAt: null } },
      include: { school: true },
    });
    if (!pending?.school?.domain || !isAtDomain(pending.email, pending.school.domain)) throw invalidToken();
    const schoolId = pending.school.id;
    const moved = await this.inTransaction(async (tx) => {
      await this.claim(tx, pending.id, pending.userId, 'SCHOOL');
      return this.grantMembership(tx, pending.userId, schoolId, pending.email);
    });
    this.evict([pending.userId, ...moved]);
    return true;
  }

  /**
   * STAFF: makes an account a verified member of a school without an e-mail proof (the way
   * into a school without a domain; also for members whose school mail does not work).
   * STAFF role is checked by the resolver.
   * @throws NotFoundError (no such live account or school)
   */
  async approveMembership(_viewer: Viewer, userId: string, schoolId: string): Promise<DbUser> {
    const [user, school] = await Promise.all([
      this.db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } }),
      this.db.school.findUnique({ where: { id: schoolId }, select: { id: true } }),
    ]);
    if (!user) throw new NotFoundError('User');
    if (!school) throw new NotFoundError('School');
    const updated = await this.db.user.update({ where: { id: userId }, data: { schoolId, schoolVerifiedAt: new Date(), schoolEmail: null } });
    this.evict([userId]);
    return updated;
  }

  // --- Job handlers (run by the worker, off the request path) ---

  /** Creates an e-mail verification token and mails its link; nothing when already verified or deleted. */
  async deliverEmailVerification(payload: unknown): Promise<void> {
    const { userId } = EmailVerificationJob.parse(payload);
    const user = await this.db.user.findFirst({ where: { id: userId, deletedAt: null, emailVerifiedAt: null } });
    if (!user?.email) return;
    const school = await this.schoolOfAddress(user.email);
    const token = await this.newToken(userId, 'EMAIL', user.email, school?.id ?? null);
    const link = this.link('verify-email', token);
    const schoolLine = school && !user.schoolVerifiedAt ? `\nThe address is at ${school.name}: the same link also makes you a verified member of its community.\n` : '';
    await this.mailer.send({
      to: user.email,
      subject: 'Verify your e-mail address',
      text: `Welcome, ${user.nickname}.\n\nTo verify this address, open:\n${link}\n${schoolLine}\nThe link works once, for ${this.ttlText()}. If you did not sign up, ignore this mail.`,
    });
  }

  /** Creates a school verification token and mails its link to the school address. */
  async deliverSchoolVerification(payload: unknown): Promise<void> {
    const { userId, schoolId, email } = SchoolVerificationJob.parse(payload);
    const [user, school] = await Promise.all([
      this.db.user.findFirst({ where: { id: userId, deletedAt: null } }),
      this.db.school.findUnique({ where: { id: schoolId } }),
    ]);
    if (!user || !school?.domain || !isAtDomain(email, school.domain)) return;
    const token = await this.newToken(userId, 'SCHOOL', email, school.id);
    await this.mailer.send({
      to: email,
      subject: `Confirm your membership of ${school.name}`,
      text: `${user.nickname} asked to join the community of ${school.name} with this address.\n\nTo confirm, open:\n${this.link('verify-school', token)}\n\nThe link works once, for ${this.ttlText()}. This address can verify one account at a time. If you did not ask, ignore this mail.`,
    });
  }

  // --- Helpers ---

  /** The most specific school whose domain the address is at, if any. */
  private async schoolOfAddress(email: string): Promise<DbSchool | null> {
    const domains = candidateDomains(email);
    if (domains.length === 0) return null;
    const schools = await this.db.school.findMany({ where: { domain: { in: domains } } });
    return schools.sort((a, b) => (b.domain?.length ?? 0) - (a.domain?.length ?? 0))[0] ?? null;
  }

  private async newToken(userId: string, purpose: 'EMAIL' | 'SCHOOL', email: string, schoolId: string | null): Promise<string> {
    const token = newOpaqueToken();
    await this.db.verificationToken.create({
      data: { userId, purpose, email, schoolId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + this.auth.verificationTtlSeconds * 1000) },
    });
    return token;
  }

  /** Uses the token once (one winner under concurrency) and retires the account's other tokens of that purpose. */
  private async claim(tx: Tx, tokenId: string, userId: string, purpose: 'EMAIL' | 'SCHOOL'): Promise<void> {
    const now = new Date();
    const claimed = await tx.verificationToken.updateMany({ where: { id: tokenId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw invalidToken();
    await tx.verificationToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  }

  /**
   * Makes `userId` a verified member of `schoolId` through `schoolEmail`. The address verifies
   * one account at a time: any other account it verified loses that membership.
   * @returns the ids of the accounts that lost it.
   */
  private async grantMembership(tx: Tx, userId: string, schoolId: string, schoolEmail: string): Promise<string[]> {
    const previous = await tx.user.findMany({ where: { schoolEmail, id: { not: userId } }, select: { id: true } });
    if (previous.length > 0) {
      await tx.user.updateMany({ where: { id: { in: previous.map((u) => u.id) } }, data: { schoolId: null, schoolVerifiedAt: null, schoolEmail: null } });
    }
    await tx.user.update({ where: { id: userId }, data: { schoolId, schoolVerifiedAt: new Date(), schoolEmail } });
    return previous.map((u) => u.id);
  }

  /** A transaction whose lost race on the unique school address is a CONFLICT, not a fault. */
  private async inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.db.$transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, 'schoolEmail', 'school_email')) throw new ConflictError('token', 'this school address was just used for another account; try again', { cause: error });
      throw error;
    }
  }

  /** Membership and verification are part of the cached session: drop them. */
  private evict(userIds: string[]): void {
    for (const id of userIds) this.sessions?.evictUser(id);
  }

  private link(path: string, token: string): string {
    return `${this.auth.appUrl.replace(/\/$/, '')}/${path}#token=${token}`;
  }

  private ttlText(): string {
    const hours = this.auth.verificationTtlSeconds / 3600;
    return hours >= 1 && Number.isInteger(hours) ? `${hours} hour${hours === 1 ? '' : 's'}` : `${Math.round(this.auth.verificationTtlSeconds / 60)} minutes`;
  }
}
