/**
 * Who counts as a member of a school, and who may take part in a community. The one place
 * these rules live: every module that gates on membership (community boards, posts,
 * messages, and any module built later, such as the timetable) calls these functions
 * instead of reading account columns.
 *
 * - Membership is VERIFIED membership: the account proved an address at the school's
 *   domain (verifySchoolEmail, or sign-up with such an address) or STAFF approved it. A
 *   school named in a profile without that proof does not count.
 * - Taking part (posting, commenting, messaging, liking, scrapping, reporting) also needs a
 *   verified e-mail address; reading and the project tracker do not.
 */
import { EmailNotVerifiedError } from '../shared/errors';
import type { Viewer } from './viewer';

/** The account columns the rule reads (from `users`). */
export interface MembershipColumns {
  schoolId: string | null;
  schoolVerifiedAt: Date | null;
}

/** THE membership rule: the school an account is a verified member of, or null. */
export function verifiedSchoolIdOf(account: MembershipColumns): string | null {
  return account.schoolId !== null && account.schoolVerifiedAt !== null ? account.schoolId : null;
}

/** The school the viewer is a verified member of, or null (`Viewer.schoolId` is set from verifiedSchoolIdOf). */
export function memberSchoolId(viewer: Viewer | null): string | null {
  return viewer?.schoolId ?? null;
}

/** Whether the viewer is a verified member of `schoolId` (STAFF are not members by role). */
export function isSchoolMember(viewer: Viewer | null, schoolId: string): boolean {
  const member = memberSchoolId(viewer);
  return member !== null && member === schoolId;
}

/**
 * Called first by every community write (post, comment, message, like, scrap, report).
 * @throws EmailNotVerifiedError until the account verified its e-mail address.
 */
export function assertMayParticipate(viewer: Viewer): void {
  if (!viewer.emailVerified) throw new EmailNotVerifiedError();
}
