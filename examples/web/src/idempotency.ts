/**
 * Idempotency keys for creates (README, "Retrying creates safely"): one key per submission.
 * Submitting the same values again (after a timeout or a lost answer) reuses the key, so the
 * server returns what the first attempt created instead of creating it twice; changed values
 * or a success start a new key (the same key with other values would be CONFLICT).
 */
import { useRef } from 'react';

function newKey(): string {
  // randomUUID exists in secure contexts (https, localhost); fall back to 128 random bits.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function useIdempotencyKey(): { keyFor(values: unknown): string; succeeded(): void } {
  const pending = useRef<{ values: string; key: string } | null>(null);
  return {
    keyFor(values) {
      const serialized = JSON.stringify(values);
      if (pending.current?.values !== serialized) pending.current = { values: serialized, key: newKey() };
      return pending.current.key;
    },
    succeeded() {
      pending.current = null;
    },
  };
}
