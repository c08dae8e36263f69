/** Pure rules of the timetable module: semesters, meeting times, clashes, `times` parsing. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseTimes } from '../../src/modules/timetable/lecture-import';
import { compareSemesters, normalizeSemester } from '../../src/modules/timetable/semester';
import { describeSlot, slotListProblem, slotProblem, slotsClash, weekSlots, type Slot } from '../../src/modules/timetable/slots';
import { findClash } from '../../src/modules/timetable/timetable.service';
import { Weekday } from '../../src/modules/timetable/weekday';

const weekday = fc.constantFrom(...Object.values(Weekday));
const validSlot = fc
  .record({ weekday, start: fc.integer({ min: 0, max: 1439 }), length: fc.integer({ min: 1, max: 300 }) })
  .map(({ weekday: day, start, length }): Slot => ({ weekday: day, startMinute: start, endMinute: Math.min(1440, start + length), room: null }));

describe('semesters', () => {
  it('accepts YYYY-1/2/S/W (trimmed, case-insensitive) and nothing else', () => {
    expect(['2026-1', ' 2026-2 ', '2026-s', '2099-W'].map(normalizeSemester)).toEqual(['2026-1', '2026-2', '2026-S', '2099-W']);
    expect(['2026-3', '1999-1', '2100-1', '2026', '2026-12', '20261', ''].map(normalizeSemester)).toEqual([null, null, null, null, null, null, null]);
    fc.assert(fc.property(fc.string(), (text) => {
      const semester = normalizeSemester(text);
      return semester === null || /^20\d\d-[12SW]$/.test(semester);
    }));
  });

  it('orders terms within a year as 1, S, 2, W', () => {
    const sorted = ['2026-W', '2026-2', '2027-1', '2026-S', '2026-1'].sort(compareSemesters);
    expect(sorted).toEqual(['2026-1', '2026-S', '2026-2', '2026-W', '2027-1']);
  });
});

describe('slots', () => {
  it('validates minutes and order', () => {
    expect(slotProblem({ weekday: 'MON', startMinute: 540, endMinute: 615 })).toBeNull();
    expect(slotProblem({ weekday: 'MON', startMinute: 600, endMinute: 600 })).toBe('endMinute must be after startMinute');
    expect(slotProblem({ weekday: 'MON', startMinute: -1, endMinute: 600 })).toMatch(/startMinute/);
    expect(slotProblem({ weekday: 'MON', startMinute: 0, endMinute: 1441 })).toMatch(/endMinute/);
    expect(slotProblem({ weekday: 'XYZ', startMinute: 0, endMinute: 10 })).toMatch(/weekday/);
  });

  it('clashes symmetrically, only on the same day, and never for touching intervals', () => {
    fc.assert(fc.property(validSlot, validSlot, (a, b) => {
      expect(slotsClash(a, b)).toBe(slotsClash(b, a));
      if (a.weekday !== b.weekday || a.endMinute <= b.startMinute || b.endMinute <= a.startMinute) expect(slotsClash(a, b)).toBe(false);
      expect(slotsClash(a, a)).toBe(true);
    }));
  });

  it("flattens a timetable's lectures into week order, each meeting with its lecture", () => {
    const a = { id: 'a', slots: [{ weekday: 'WED', startMinute: 540, endMinute: 615, room: null }, { weekday: 'MON', startMinute: 600, endMinute: 675, room: 'R1' }] };
    const b = { id: 'b', slots: [{ weekday: 'MON', startMinute: 540, endMinute: 590, room: null }] };
    const none = { id: 'c', slots: null };
    expect(weekSlots([a, none, b]).map((slot) => `${slot.lecture.id} ${describeSlot(slot)}`)).toEqual(['b MON 09:00-09:50', 'a MON 10:00-11:15', 'a WED 09:00-10:15']);
    expect(weekSlots([a])[1]).toEqual({ weekday: 'WED', startMinute: 540, endMinute: 615, room: null, lecture: a });
  });

  it('finds the clashing lecture and its slot', () => {
    const existing = { id: 'x', name: '자료구조', slots: [{ weekday: 'TUE', startMinute: 600, endMinute: 675, room: null }] };
    const clash = findClash({ slots: [{ weekday: 'TUE', startMinute: 660, endMinute: 720, room: null }] as never }, [existing as never]);
    expect(clash?.other.name).toBe('자료구조');
    expect(describeSlot(clash!.slot)).toBe('TUE 10:00-11:15');
    expect(findClash({ slots: [] as never }, [existing as never])).toBeNull();
  });

  it('parses `times` into valid slot lists or a message, for any text (property)', () => {
    expect(parseTimes('월 09:00-10:15 공학관 301; 수 9:00-10:15')).toEqual([
      { weekday: 'MON', startMinute: 540, endMinute: 615, room: '공학관 301' },
      { weekday: 'WED', startMinute: 540, endMinute: 615, room: null },
    ]);
    expect(parseTimes('MON 23:00-24:00')).toEqual([{ weekday: 'MON', startMinute: 1380, endMinute: 1440, room: null }]);
    expect(typeof parseTimes('MON 09:00-24:30')).toBe('string');
    fc.assert(fc.property(fc.string(), (text) => {
      const parsed = parseTimes(text);
      if (typeof parsed !== 'string') expect(slotListProblem(parsed)).toBeNull();
    }));
  });
});
