/**
 * The one rule for text people type (names, titles, messages, reasons, file names): the
 * text is NFC-normalised, surrounding whitespace is removed, and its length is counted in
 * Unicode code points of that normalised text. "N characters" in a limit or an error message
 * means exactly this, for every field; services store the normalised text.
 *
 * Why code points after NFC:
 * - NFC first, so that the same text typed on different systems is the same string and the
 *   same length: macOS and some Korean input methods send decomposed Hangul (한 as three
 *   jamo) and accents (e + U+0301); composed, each counts as the one character people see,
 *   and equal names compare equal (uniqueness, search).
 * - Code points, not UTF-16 units: an emoji or a rare CJK character outside the Basic
 *   Multilingual Plane is one character, not two (String.length would count 2).
 * - Not grapheme clusters: their boundaries depend on the Unicode version of the runtime's
 *   ICU (Intl.Segmenter), so a limit could move with a Node upgrade, and they cost a
 *   segmenter per check. Code points are stable, cheap, and what PostgreSQL's char_length
 *   and varchar(n) count, so a database constraint agrees with the API.
 */
import { ValidateBy } from 'class-validator';
import type { FieldProblem } from './errors';

/** NFC-normalised, surrounding whitespace removed: the text as stored. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').trim();
}

/** Length in code points (count `normalizeText(value)` for the rule's length). */
export function textLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The text as stored; records a problem when it is empty or longer than `max` characters. */
export function requiredText(problems: FieldProblem[], field: string, value: string, max: number): string {
  const text = normalizeText(value);
  if (text.length === 0) problems.push({ field, message: 'cannot be empty' });
  else if (textLength(text) > max) problems.push({ field, message: `must be at most ${max} characters` });
  return text;
}

/** Like requiredText, but empty (or null) means none. */
export function optionalText(problems: FieldProblem[], field: string, value: string | null, max: number): string | null {
  const text = value === null ? '' : normalizeText(value);
  if (textLength(text) > max) problems.push({ field, message: `must be at most ${max} characters` });
  return text.length > 0 ? text : null;
}

/** Whether `value` is text of `min`-`max` characters by the rule. */
export function isTextWithin(value: unknown, min: number, max: number): boolean {
  if (typeof value !== 'string') return false;
  const length = textLength(normalizeText(value));
  return length >= min && length <= max;
}

/**
 * class-validator rule: `min`-`max` characters by the rule (blank counts as 0). Default
 * message: "must be min-max characters", or "must be at most max characters" when min is 0.
 */
export function IsText(min: number, max: number, options: { message?: string } = {}): PropertyDecorator {
  const message = options.message ?? (min > 0 ? `must be ${min}-${max} characters` : `must be at most ${max} characters`);
  return ValidateBy({
    name: 'isText',
    constraints: [min, max],
    validator: { validate: (value: unknown) => isTextWithin(value, min, max), defaultMessage: () => message },
  });
}

/** class-validator rule: at most `max` characters by the rule. */
export function MaxText(max: number, options: { message?: string } = {}): PropertyDecorator {
  return IsText(0, max, options);
}
