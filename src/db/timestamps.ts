/**
 * A faster reader for PostgreSQL's text form of `timestamptz`, for the hot list queries
 * (queryRows): a page of 1,000 tasks carries 4,000 timestamps, and pg's general parser
 * (postgres-date, regular expressions) was 7 % of that request. Anything but the plain
 * layout PostgreSQL prints for AD years 100-9999 goes to pg's own parser.
 */
import pg from 'pg';

const TIMESTAMPTZ_OID = 1184;
/** pg's own parser; it reads 'infinity' / '-infinity' as ±Infinity (a number), as pg does everywhere. */
const general = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number;

const MINUS = 45;
const PLUS = 43;
const COLON = 58;
const DOT = 46;
const SPACE = 32;

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;
const two = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);

/** `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM]` → Date (fractions below a millisecond are dropped, as pg does). */
export function parseTimestamptz(text: string): Date | number {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== MINUS || text.charCodeAt(7) !== MINUS || text.charCodeAt(10) !== SPACE) return general(text);
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + two(text, 2);
  if (year < 100) return general(text); // Date.UTC would read 0-99 as 1900-1999
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === DOT) {
    let scale = 100;
    for (at++; at < n; at++) {
      const d = digit(text, at);
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
    }
  }
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== MINUS) return general(text);
  let offsetMinutes = two(text, at + 1) * 60;
  if (at + 3 === n) {
    // ±HH
  } else if (at + 6 === n && text.charCodeAt(at + 3) === COLON) {
    offsetMinutes += two(text, at + 4);
  } else {
    return general(text); // ±HH:MM:SS (historical zones), " BC", anything else
  }
  const local = Date.UTC(year, two(text, 5) - 1, two(text, 8), two(text, 11), two(text, 14), two(text, 17), Math.trunc(ms));
  return new Date(local - (sign === PLUS ? 1 : -1) * offsetMinutes * 60_000);
}

/** pg's type parsers, with parseTimestamptz for text `timestamptz`. */
export const FAST_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  },
};
