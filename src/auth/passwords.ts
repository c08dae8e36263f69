/**
 * Password hashing and the password policy.
 *
 * bcrypt runs in a pool of worker threads (piscina), never on the event loop. Passwords are
 * NFKC-normalised before hashing and comparing, so that the same characters typed on
 * different keyboards match, and must be 8-72 bytes after normalisation: bcrypt ignores
 * everything past byte 72, so longer passwords are refused rather than silently truncated.
 */
import Piscina from 'piscina';
import type { FieldProblem } from '../shared/errors';
import { projectFile } from '../shared/project-files';

export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * The policy: 8-72 bytes (UTF-8, after normalisation) and not the e-mail or username.
 * Messages never contain the password.
 */
export function passwordProblems(field: string, password: string, identity: { email?: string | null; username?: string | null } = {}): FieldProblem[] {
  const normalized = normalizePassword(password);
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes < PASSWORD_MIN_BYTES) return [{ field, message: `must be at least ${PASSWORD_MIN_BYTES} characters` }];
  if (bytes > PASSWORD_MAX_BYTES) {
    return [{ field, message: `must be at most ${PASSWORD_MAX_BYTES} bytes (about 72 Latin or 24 Korean characters)` }];
  }
  const lowered = normalized.toLowerCase();
  const sameAs = [identity.email, identity.username].filter((v): v is string => Boolean(v)).map((v) => v.toLowerCase());
  if (sameAs.includes(lowered)) return [{ field, message: 'must not be your e-mail address or username' }];
  return [];
}

export class PasswordHasher {
  private readonly pool: Piscina;
  /** A hash at the configured cost, made at start-up so that even the first unknown login costs one compare. */
  private readonly dummyHash: Promise<string>;

  constructor(private readonly cost: number, workers: number) {
    this.pool = new Piscina({ filename: projectFile('src/auth/password-worker.cjs'), minThreads: 1, maxThreads: workers, idleTimeout: 60_000 });
    this.dummyHash = this.hash('dummy-password-for-timing');
    this.dummyHash.catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return this.pool.run({ op: 'hash', password: normalizePassword(password), cost: this.cost });
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.pool.run({ op: 'compare', password: normalizePassword(password), hash });
  }

  /**
   * Spends the same work as a real comparison, for unknown accounts, so that a login's
   * response time does not tell whether the account exists.
   */
  async compareWithDummy(password: string): Promise<false> {
    await this.compare(password, await this.dummyHash);
    return false;
  }

  /** bcrypt operations finished so far (tests use it to prove work was or was not done). */
  get completedTasks(): number {
    return this.pool.completed;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
