/**
 * `npm run user:role -- <email> <USER|STAFF>`: grants or removes STAFF for an account, on
 * the configured database (DATABASE_URL when set, otherwise the embedded PostgreSQL, started
 * for the run or the one a running `npm start` owns). Roles are never changed through the
 * API. The change applies to the account's existing sessions too (the role is read from the
 * account on each request, after at most AUTH_SESSION_CACHE_MS).
 */
import 'reflect-metadata';
import { Role } from '../auth/viewer';
import { normalizeEmail } from '../modules/account/email';
import { UserService } from '../modules/account/user.service';
import { NotFoundError } from '../shared/errors';
import { runOperatorScript, UsageError, withOperatorDatabase } from './operator-script';

const USAGE = 'Usage: npm run user:role -- <email> <USER|STAFF>';

function parseArgs(args: string[]): { email: string; role: Role } {
  if (args.length !== 2 || !args[0].trim() || !args[1].trim()) throw new UsageError(USAGE);
  const [email, roleName] = args;
  const role = Object.values(Role).find((r) => r === roleName.trim().toUpperCase());
  if (!role) throw new UsageError(`Unknown role "${roleName}": expected ${Object.values(Role).join(' or ')}. ${USAGE}`);
  return { email: email.trim(), role };
}

async function main(args: string[]): Promise<string> {
  const { email, role } = parseArgs(args);
  return withOperatorDatabase(async (db) => {
    const before = await db.user.findFirst({ where: { email: normalizeEmail(email), deletedAt: null }, select: { role: true } });
    const user = await new UserService(db).setRole(email, role).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new UsageError(`No account has the e-mail address ${normalizeEmail(email)}.`);
      throw error;
    });
    return before?.role === user.role
      ? `${user.email} (${user.id}) already had role ${user.role}; nothing changed.`
      : `${user.email} (${user.id}): role ${before?.role ?? 'unknown'} -> ${user.role}.`;
  });
}

runOperatorScript('user:role', main);
