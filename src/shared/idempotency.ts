/**
 * Idempotency keys of the create mutations (docs/security.md I5, after the IETF Idempotency-Key
 * draft). A client that may retry `createPost`, `createComment`, `sendMessage` or `createTask` (a timeout, a
 * lost response) sends a key of its own choosing, new for each object it means to create.
 *
 * Contract, the same for the four mutations:
 * - a call with a key its caller already used returns the object that key created (same id,
 *   as it is now) and creates nothing; the key is the caller's: another user's equal key is
 *   unrelated;
 * - the same key with different fields (the fingerprint below differs) is CONFLICT on
 *   `idempotencyKey`: the client reused a key by mistake, and neither object may stand in for
 *   the other;
 * - concurrent calls with one key create one object: the row's unique index on (user, key)
 *   decides, the insert skips on conflict (`ON CONFLICT DO NOTHING`, so no statement fails
 *   inside a transaction) and the losers answer with the winner's row;
 * - a key lives as long as its row: once a task is deleted its key is free again; a deleted
 *   post keeps its key and a retry gets NOT_FOUND, as any read of it would.
 */
import { createHash } from 'node:crypto';
import { ValidateBy } from 'class-validator';
import { ConflictError } from './errors';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 100;

/** Printable ASCII without spaces: UUIDs, ULIDs, base64url and the like. */
const KEY_PATTERN = new RegExp(`^[\\x21-\\x7E]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

/** class-validator rule of the `idempotencyKey` input fields. */
export function IsIdempotencyKey() {
  return ValidateBy({
    name: 'isIdempotencyKey',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && KEY_PATTERN.test(value),
      defaultMessage: () => `must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters without spaces`,
    },
  });
}

/**
 * The schema description of an `idempotencyKey` field; `what` names the created object
 * ("post"), `rateLimited` whether its mutation counts against a business-flow limit.
 */
export function idempotencyKeyDescription(what: string, { rateLimited }: { rateLimited: boolean }): string {
  return (
    `Makes retrying safe: a key of your choosing, new for each ${what} (a UUID, say; 1-${IDEMPOTENCY_KEY_MAX_LENGTH} ` +
    `printable ASCII characters without spaces). A call with a key you already used returns the ${what} it created ` +
    `(same id) and creates nothing${rateLimited ? ', without counting against the rate limit' : ''}; the same key with ` +
    `other fields is CONFLICT. Kept as long as the ${what}.`
  );
}

/** A keyed call: the key, and the fingerprint of the request it comes with. */
export interface Idempotency {
  key: string;
  hash: string;
}

/**
 * The call's idempotency, or null without a key. `fields` are the request's other input
 * fields in a fixed order (absent ones as null): a retry sends the same values, so equal
 * fingerprints mean the same request. SHA-256, base64url (43 characters).
 */
export function idempotencyOf(key: string | null | undefined, fields: readonly unknown[]): Idempotency | null {
  if (key == null) return null;
  const hash = createHash('sha256')
    .update(JSON.stringify(fields.map((field) => field ?? null)))
    .digest('base64url');
  return { key, hash };
}

/** The columns a keyed row stores (both null without a key). */
export function idempotencyColumns(idempotency: Idempotency | null): { idempotencyKey: string | null; idempotencyHash: string | null } {
  return { idempotencyKey: idempotency?.key ?? null, idempotencyHash: idempotency?.hash ?? null };
}

/** @throws ConflictError unless the stored row was created by the same request. */
export function assertSameRequest(stored: { idempotencyHash: string | null }, idempotency: Idempotency): void {
  if (stored.idempotencyHash !== idempotency.hash) throw new ConflictError('idempotencyKey', 'was already used with different fields');
}

/**
 * A keyed insert was skipped for a conflict, yet no row holds the key: only a deletion in
 * between could do that. A fault (masked), not a client mistake.
 */
export function keyedRowGone(): never {
  throw new Error('idempotent insert skipped, but no row holds its key');
}
