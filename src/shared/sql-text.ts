/**
 * Helpers for user text inside SQL; the text itself is always a bound parameter. Every
 * search of the API (raw SQL `ILIKE` and Prisma's `contains`, which is `ILIKE` too) goes
 * through `likeEscape`, so `%`, `_` and `\` match literally everywhere.
 */

/** `text` with the LIKE wildcards (`%`, `_`) and the escape character (`\`) escaped. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE / ILIKE pattern matching `text` anywhere, its wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${likeEscape(text)}%`;
}

/**
 * A NUL (U+0000), which PostgreSQL text cannot hold, or an unpaired UTF-16 surrogate, which
 * Prisma's query engine cannot serialise. In Unicode mode a surrogate pair is one code
 * point, so \p{Cs} matches unpaired halves only.
 */
// oxlint-disable-next-line no-control-regex -- NUL is exactly what this pattern detects
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** Whether PostgreSQL can store `text` as it is. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
