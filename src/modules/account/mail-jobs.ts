/**
 * The mail jobs: names and payloads. A payload carries ids and addresses only, never a
 * token: the job creates its token when it runs, so no secret is stored in the queue.
 */
import { z } from 'zod';

export const MailTask = {
  EMAIL_VERIFICATION: 'mail.email_verification',
  SCHOOL_VERIFICATION: 'mail.school_verification',
  PASSWORD_RESET: 'mail.password_reset',
} as const;

export const EmailVerificationJob = z.object({ userId: z.string().min(1) });
export const SchoolVerificationJob = z.object({ userId: z.string().min(1), schoolId: z.string().min(1), email: z.string().min(3) });
export const PasswordResetJob = z.object({ email: z.string() });
