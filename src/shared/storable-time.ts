/**
 * The one range rule for instants a client hands in (due dates, list bounds, cursors):
 * years 1-9999 in UTC. PostgreSQL's `timestamptz` spans 4713 BC-294276 AD, but refuses year 0
 * in ISO text and JavaScript writes years past 9999 as `+010000-…`, which it refuses too;
 * four-digit years are also what ISO-8601 (and every client's date picker) writes.
 */

/** 0001-01-01T00:00:00.000Z */
export const EARLIEST_STORABLE_MS = Date.parse('0001-01-01T00:00:00.000Z');
/** 9999-12-31T23:59:59.999Z */
export const LATEST_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** The message every field refusing an instant outside the range uses. */
export const STORABLE_RANGE_MESSAGE = 'must be between the years 1 and 9999 (UTC)';

/** Whether `date` is a valid instant within years 1-9999 in UTC. */
export function isStorableInstant(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_STORABLE_MS && ms <= LATEST_STORABLE_MS;
}
