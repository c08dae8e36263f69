import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config';
import { canonicalTimeZone } from '../../src/shared/time-zone';
import { dueRange, formatDueDate, localDate, parseDueDate, startOfDay, todayIn } from '../../src/modules/project/due-dates';
import type { UserInputError } from '../../src/shared/errors';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('parseDueDate', () => {
  it('reads a date as date only, stored at 00:00 UTC of that date', () => {
    expect(parseDueDate('2026-03-02')).toEqual({ at: new Date('2026-03-02T00:00:00Z'), hasTime: false });
    expect(parseDueDate('0099-12-31')!.at.toISOString()).toBe('0099-12-31T00:00:00.000Z');
  });

  it('reads a date-time with its offset as that instant', () => {
    expect(parseDueDate('2026-03-02T00:30+09:00')).toEqual({ at: new Date('2026-03-01T15:30:00Z'), hasTime: true });
    expect(iso(parseDueDate('2026-03-02T18:00:05.123456Z')!.at)).toBe('2026-03-02T18:00:05.123Z');
    expect(iso(parseDueDate('2026-03-01T20:00:00-05:00')!.at)).toBe('2026-03-02T01:00:00.000Z');
  });

  it('refuses impossible dates, times without an offset and other text', () => {
    for (const text of ['2026-02-30', '2026-13-01', '2026-3-2', '2026-03-02T18:00', '2026-03-02T24:00Z', '2026-03-02T10:60Z', '2026-03-02T10:00+24:00', 'tomorrow', '']) {
      expect(parseDueDate(text)).toBeNull();
    }
  });

  it('formats back the way it was set', () => {
    expect(formatDueDate(new Date('2026-03-02T00:00:00Z'), false)).toBe('2026-03-02');
    expect(formatDueDate(new Date('2026-03-01T15:30:00Z'), true)).toBe('2026-03-01T15:30:00.000Z');
  });
});

describe('time zones', () => {
  it('canonicalises names Intl knows and refuses the others', () => {
    expect(canonicalTimeZone('asia/seoul')).toBe('Asia/Seoul');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('+09:00')).toBeNull();
  });

  it('puts 00:30 in Seoul on the next calendar day of 15:30 UTC', () => {
    const now = new Date('2026-03-01T15:30:00Z');
    expect(localDate(now, 'Asia/Seoul')).toBe('2026-03-02');
    expect(localDate(now, 'UTC')).toBe('2026-03-01');
    expect(todayIn(now, 'Asia/Seoul')).toEqual({ now, date: '2026-03-02', start: new Date('2026-03-01T15:00:00Z'), end: new Date('2026-03-02T15:00:00Z') });
  });

  it('gives a 23-hour and a 25-hour day across DST changes', () => {
    const spring = todayIn(new Date('2026-03-08T12:00:00Z'), 'America/New_York');
    expect([iso(spring.start), iso(spring.end)]).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    const autumn = todayIn(new Date('2026-11-01T12:00:00Z'), 'America/New_York');
    expect([iso(autumn.start), iso(autumn.end)]).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
  });

  it('starts a day whose midnight DST skips at the moment it begins', () => {
    // Chile springs forward at 00:00 on the first Sunday of September: the day begins at 01:00 (-03:00).
    expect(iso(startOfDay('2026-09-06', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(startOfDay('2026-09-06', 'America/Santiago'), 'America/Santiago')).toBe('2026-09-06');
  });
});

describe('dueRange', () => {
  it('reads date bounds as the start of those days in the zone, the upper one exclusive', () => {
    expect(dueRange('2026-03-01', '2026-03-08', 'Asia/Seoul')).toEqual({
      from: new Date('2026-02-28T15:00:00Z'),
      to: new Date('2026-03-07T15:00:00Z'),
      fromDate: '2026-03-01',
      toDate: '2026-03-08',
    });
  });

  it('counts a date-only task when its day overlaps a range of instants', () => {
    // 2026-03-02T12:00+09:00 is mid-day in Seoul: March 2 overlaps [it, …) and (…, it).
    expect(dueRange('2026-03-02T12:00:00+09:00', '2026-03-02T12:00:00+09:00', 'Asia/Seoul')).toMatchObject({ fromDate: '2026-03-02', toDate: '2026-03-03' });
    // An upper bound exactly at midnight excludes that day.
    expect(dueRange(null, '2026-03-02T00:00:00+09:00', 'Asia/Seoul')).toMatchObject({ fromDate: null, toDate: '2026-03-02' });
  });

  it('refuses an upper bound before the lower one, and text that is no date, naming the argument', () => {
    const thrown = (after: string | null, before: string | null) => {
      try {
        dueRange(after, before, 'Asia/Seoul');
      } catch (error) {
        return (error as UserInputError).fields;
      }
      return null;
    };
    expect(thrown('2026-03-08', '2026-03-01')).toEqual([{ field: 'filter.dueBefore', message: 'must not be earlier than dueAfter' }]);
    expect(thrown('next week', null)).toEqual([{ field: 'filter.dueAfter', message: expect.any(String) }]);
    expect(thrown(null, '2026-02-30')).toEqual([{ field: 'filter.dueBefore', message: expect.any(String) }]);
    expect(thrown('2026-03-01', '2026-03-01')).toBeNull();
  });
});

describe('DEFAULT_TIME_ZONE', () => {
  it('defaults to Asia/Seoul and refuses a name that is not an IANA zone, naming the variable', () => {
    expect(loadConfig({}).projects.defaultTimeZone).toBe('Asia/Seoul');
    expect(loadConfig({ DEFAULT_TIME_ZONE: 'Europe/Berlin' }).projects.defaultTimeZone).toBe('Europe/Berlin');
    expect(() => loadConfig({ DEFAULT_TIME_ZONE: 'KST' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEFAULT_TIME_ZONE: 'KST' })).toThrow(/DEFAULT_TIME_ZONE must be an IANA time zone/);
  });
});
