/**
 * Due dates and time zones: pure functions over `Intl`, no library.
 *
 * Storage (tasks.due_at + tasks.due_has_time):
 * - with a time, `due_at` is that instant (UTC);
 * - date only, `due_at` is 00:00 UTC of that calendar date. Such a date floats: it names the
 *   same day in every time zone, so it never moves when the viewer travels, changes their
 *   profile's zone or passes another `timeZone`.
 *
 * "Today", "overdue" and date bounds are computed for one IANA zone (the viewer's):
 * - a timed task is due today when its instant falls in [start of today, start of tomorrow)
 *   in that zone, and overdue once the instant has passed;
 * - a date-only task is due today when its date is today's date in that zone, and overdue
 *   once that whole day has ended (its date is before today's date).
 * Sorting by due date uses `due_at` as stored: a date-only task sorts at 00:00 UTC of its date.
 */
import { UserInputError } from '../../shared/errors';
import { EARLIEST_STORABLE_MS, isStorableInstant, LATEST_STORABLE_MS, STORABLE_RANGE_MESSAGE } from '../../shared/storable-time';

/** A due date as stored. */
export interface DueDate {
  at: Date;
  hasTime: boolean;
}

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** Five-digit years parse too (then fail the range rule with its own message). */
const DATE_ONLY = /^(\d{4,5})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/i;

const DAY_MS = 24 * 3600 * 1000;

/** 00:00 UTC of a valid y-m-d, or null (setUTCFullYear keeps years below 100 literal). */
function utcMidnight(year: number, month: number, day: number): Date | null {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date : null;
}

/** `YYYY-MM-DD` as 00:00 UTC of that date; null when it is not a real date. */
export function parseCalendarDate(text: string): Date | null {
  const m = DATE_ONLY.exec(text);
  return m ? utcMidnight(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** An ISO-8601 date-time that carries its offset (`Z` or `±hh:mm`); null otherwise. */
export function parseInstant(text: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const midnight = utcMidnight(Number(m[1]), Number(m[2]), Number(m[3]));
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  if (!midnight || hour > 23 || minute > 59 || second > 59 || Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59) return null;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return new Date(midnight.getTime() + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis);
}

/** A date (`2026-03-02`, date only) or a date-time with offset (`2026-03-02T18:00:00+09:00`), in any year. */
export function parseDueDate(text: string): DueDate | null {
  const date = parseCalendarDate(text.trim());
  if (date) return { at: date, hasTime: false };
  const instant = parseInstant(text.trim());
  return instant ? { at: instant, hasTime: true } : null;
}

export const DUE_DATE_FORMAT_MESSAGE = 'must be a date (YYYY-MM-DD) or a date-time with an offset (e.g. 2026-03-02T18:00:00+09:00)';

/**
 * The one rule for every due date a client sends (`dueDate`, `filter.dueAfter`,
 * `filter.dueBefore`): the format above, and an instant within years 1-9999 in UTC.
 * @returns the due date, or the problem (a field message) with it.
 */
export function readDueDate(text: string): DueDate | { problem: string } {
  const due = parseDueDate(text);
  if (!due) return { problem: DUE_DATE_FORMAT_MESSAGE };
  return isStorableInstant(due.at) ? due : { problem: STORABLE_RANGE_MESSAGE };
}

/** The client form of a stored due date: `YYYY-MM-DD`, or an ISO instant in UTC. */
export function formatDueDate(at: Date, hasTime: boolean): string {
  return hasTime ? at.toISOString() : at.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateText(parseCalendarDate(date)!.getTime() + days * DAY_MS);
}

/** `Intl` formatters are costly to build: one per zone, reused. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // Without the era, 1 BC (the year 0 of ISO) would print as year 1.
      era: 'short',
    });
    if (formatters.size < 1000) formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall clock in `zone` at `instant`, read as if it were UTC (milliseconds dropped). */
function wallClockAsUtc(instant: Date, zone: string): number {
  const parts: Record<string, number> = {};
  let beforeCommonEra = false;
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type === 'era') beforeCommonEra = part.value === 'BC';
    else if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = beforeCommonEra ? 1 - parts.year! : parts.year!;
  const midnight = utcMidnight(year, parts.month!, parts.day!)!;
  return midnight.getTime() + (((parts.hour! % 24) * 60 + parts.minute!) * 60 + parts.second!) * 1000;
}

/**
 * `YYYY-MM-DD` of the UTC day of `ms`; year 10000 as `10000-01-01` (JavaScript writes
 * `+010000`, PostgreSQL reads the plain form).
 */
function dateText(ms: number): CalendarDate {
  const iso = new Date(ms).toISOString();
  return iso.startsWith('+') ? iso.slice(1).replace(/^0+(?=\d{5})/, '').slice(0, -14) : iso.slice(0, 10);
}

/** The calendar date in `zone` at `instant`. */
export function localDate(instant: Date, zone: string): CalendarDate {
  return dateText(wallClockAsUtc(instant, zone));
}

/** UTC offset of `zone` at `instant`, in milliseconds (Seoul: +9 h). */
function offsetAt(instant: Date, zone: string): number {
  return wallClockAsUtc(instant, zone) - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The first instant of `date` in `zone`: local midnight, or, where a DST change skips
 * midnight, the moment the day begins; where midnight happens twice, the first one.
 */
export function startOfDay(date: CalendarDate, zone: string): Date {
  const wall = parseCalendarDate(date)!.getTime();
  // The offsets in force around that day; local midnight is `wall - offset` for one of them.
  const offsets = new Set([offsetAt(new Date(wall - DAY_MS), zone), offsetAt(new Date(wall + DAY_MS), zone)]);
  const candidates = [...offsets].map((offset) => new Date(wall - offset)).sort((a, b) => a.getTime() - b.getTime());
  return (
    candidates.find((c) => wallClockAsUtc(c, zone) === wall) ??
    candidates.find((c) => localDate(c, zone) === date) ??
    candidates[candidates.length - 1]!
  );
}

/** The viewer's "today": its date and the instants where it starts and ends. */
export interface Today {
  now: Date;
  date: CalendarDate;
  start: Date;
  end: Date;
}

export function todayIn(now: Date, zone: string): Today {
  const date = localDate(now, zone);
  return { now, date, start: startOfDay(date, zone), end: startOfDay(addDays(date, 1), zone) };
}

/**
 * A due-date range, [from, to), as the SQL compares it: timed tasks by instant, date-only
 * tasks by date (a date-only task is in range when its day, in the viewer's zone, overlaps it).
 */
export interface DueRange {
  from: Date | null;
  to: Date | null;
  /** Date-only tasks on or after this date… */
  fromDate: CalendarDate | null;
  /** …and before this one. */
  toDate: CalendarDate | null;
}

/**
 * `dueAfter` (inclusive) and `dueBefore` (exclusive), each a date (its start in `zone`) or
 * a date-time with offset.
 * @throws UserInputError naming `filter.dueAfter` / `filter.dueBefore`.
 */
export function dueRange(after: string | null, before: string | null, zone: string): DueRange {
  const bound = (field: string, text: string) => {
    const due = readDueDate(text);
    if ('problem' in due) throw UserInputError.field(field, due.problem);
    return due;
  };
  const range: DueRange = { from: null, to: null, fromDate: null, toDate: null };
  if (after !== null) {
    const due = bound('filter.dueAfter', after);
    range.fromDate = due.hasTime ? localDate(due.at, zone) : formatDueDate(due.at, false);
    range.from = due.hasTime ? due.at : startOfDay(range.fromDate, zone);
  }
  if (before !== null) {
    const due = bound('filter.dueBefore', before);
    if (due.hasTime) {
      const date = localDate(due.at, zone);
      range.to = due.at;
      range.toDate = startOfDay(date, zone).getTime() === due.at.getTime() ? date : addDays(date, 1);
    } else {
      range.toDate = formatDueDate(due.at, false);
      range.to = startOfDay(range.toDate, zone);
    }
  }
  if (range.from && range.to && range.to < range.from) {
    throw UserInputError.field('filter.dueBefore', 'must not be earlier than dueAfter');
  }
  return withinStorableRange(range);
}

const FIRST_STORABLE_DATE = '0001-01-01';

/**
 * A bound in range can still lie, in the viewer's zone, a few hours outside years 1-9999
 * (0001-01-01 starts in Seoul on 31 December of 1 BC). Nothing stored lies outside them, so
 * a bound beyond the range is moved to its edge, or dropped, without changing which tasks
 * match; PostgreSQL then never receives a year it refuses.
 */
function withinStorableRange(range: DueRange): DueRange {
  const atLeastFirstDate = (date: CalendarDate | null) => (date !== null && date.length === 10 && date < FIRST_STORABLE_DATE ? FIRST_STORABLE_DATE : date);
  const clampTo = (at: Date | null) => {
    if (at === null || at.getTime() > LATEST_STORABLE_MS) return null;
    return at.getTime() < EARLIEST_STORABLE_MS ? new Date(EARLIEST_STORABLE_MS) : at;
  };
  // `from` is never past the range: its bound is in range, and a day starts before it ends.
  const from = range.from && range.from.getTime() < EARLIEST_STORABLE_MS ? new Date(EARLIEST_STORABLE_MS) : range.from;
  return { from, to: clampTo(range.to), fromDate: atLeastFirstDate(range.fromDate), toDate: atLeastFirstDate(range.toDate) };
}
