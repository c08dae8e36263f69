/** Helpers for user text inside SQL; the text itself is always a bound parameter. */

/** A LIKE / ILIKE pattern matching `text` anywhere, with its wildcards (`%`, `_`, `\`) escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
