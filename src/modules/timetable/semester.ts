/**
 * Semesters: `YYYY-1` and `YYYY-2` (the regular terms), `YYYY-S` (summer session) and
 * `YYYY-W` (winter session), years 2000-2099. Within a year they run 1, S, 2, W.
 */

export const SEMESTER_FORMAT = 'YYYY-1, YYYY-2, YYYY-S (summer) or YYYY-W (winter)';
export const SEMESTER_MESSAGE = `must be a semester like 2026-1 (${SEMESTER_FORMAT})`;

const SEMESTER_PATTERN = /^(20\d\d)-([12SW])$/;
const TERM_ORDER: Record<string, number> = { '1': 0, S: 1, '2': 2, W: 3 };

/** Whether `text` is a semester in the canonical form (no spaces, upper-case S/W). */
export function isSemester(text: string): boolean {
  return SEMESTER_PATTERN.test(text);
}

/**
 * The canonical form of a semester a person typed: trimmed, `s`/`w` upper-cased.
 * @returns null when it is not a semester.
 */
export function normalizeSemester(text: string): string | null {
  const canonical = text.trim().toUpperCase();
  return isSemester(canonical) ? canonical : null;
}

/** Negative when `a` comes before `b`. Both must be semesters. */
export function compareSemesters(a: string, b: string): number {
  const [, yearA, termA] = SEMESTER_PATTERN.exec(a)!;
  const [, yearB, termB] = SEMESTER_PATTERN.exec(b)!;
  return Number(yearA) - Number(yearB) || TERM_ORDER[termA] - TERM_ORDER[termB];
}
