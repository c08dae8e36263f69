/**
 * Meeting times of lectures. A slot is a weekday and a half-open interval of minutes since
 * midnight [startMinute, endMinute), plus an optional room. Two slots clash when they fall
 * on the same weekday and their intervals overlap (a class ending at 10:30 and one starting
 * at 10:30 do not clash). Lectures store their slots as a JSON array (see schema.prisma);
 * everything that writes one goes through `checkSlots`.
 */
import { Weekday } from './weekday';

export interface Slot {
  weekday: Weekday;
  startMinute: number;
  endMinute: number;
  room: string | null;
}

export const MINUTES_PER_DAY = 24 * 60;
export const ROOM_MAX_LENGTH = 50;
export const SLOTS_MAX = 14;

const WEEKDAYS = Object.values(Weekday) as string[];

/** One problem with a slot, or null when it is valid. Messages never contain the value. */
export function slotProblem(slot: { weekday: string; startMinute: number; endMinute: number; room?: string | null }): string | null {
  if (!WEEKDAYS.includes(slot.weekday)) return `weekday must be one of ${WEEKDAYS.join(', ')}`;
  if (!Number.isInteger(slot.startMinute) || slot.startMinute < 0 || slot.startMinute >= MINUTES_PER_DAY) return 'startMinute must be a whole minute of the day (0-1439)';
  if (!Number.isInteger(slot.endMinute) || slot.endMinute < 1 || slot.endMinute > MINUTES_PER_DAY) return 'endMinute must be a whole minute of the day (1-1440)';
  if (slot.endMinute <= slot.startMinute) return 'endMinute must be after startMinute';
  if (slot.room != null && slot.room.length > ROOM_MAX_LENGTH) return `room must be at most ${ROOM_MAX_LENGTH} characters`;
  return null;
}

export function slotsClash(a: Pick<Slot, 'weekday' | 'startMinute' | 'endMinute'>, b: Pick<Slot, 'weekday' | 'startMinute' | 'endMinute'>): boolean {
  return a.weekday === b.weekday && a.startMinute < b.endMinute && b.startMinute < a.endMinute;
}

/**
 * The first problem of a lecture's slot list (invalid slot, too many, or two slots of the
 * same lecture that overlap), or null.
 */
export function slotListProblem(slots: readonly Slot[]): string | null {
  if (slots.length > SLOTS_MAX) return `at most ${SLOTS_MAX} meeting times`;
  for (const slot of slots) {
    const problem = slotProblem(slot);
    if (problem) return problem;
  }
  for (let i = 0; i < slots.length; i++) {
    for (let j = i + 1; j < slots.length; j++) if (slotsClash(slots[i], slots[j])) return 'two meeting times of the lecture overlap';
  }
  return null;
}

/** Slots in week order (weekday, then start). */
export function sortSlots<T extends Pick<Slot, 'weekday' | 'startMinute'>>(slots: readonly T[]): T[] {
  return [...slots].sort((a, b) => WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || a.startMinute - b.startMinute);
}

/** Every meeting of `lectures`, each with its lecture, flattened into week order (a timetable's week grid). */
export function weekSlots<L extends { slots: unknown }>(lectures: readonly L[]): (Slot & { lecture: L })[] {
  return sortSlots(lectures.flatMap((lecture) => storedSlots(lecture.slots).map((slot) => ({ ...slot, lecture }))));
}

/** "09:00" for minute 540. */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "MON 09:00-10:15", as conflict messages name a slot. */
export function describeSlot(slot: Pick<Slot, 'weekday' | 'startMinute' | 'endMinute'>): string {
  return `${slot.weekday} ${formatMinute(slot.startMinute)}-${formatMinute(slot.endMinute)}`;
}

/** "09:00" or "9:00" → 540; null for anything else (hours 0-24, 24:00 only as an end). */
export function parseClock(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** A lecture's stored slots (the JSON column), typed. The column is only written through checkSlots. */
export function storedSlots(value: unknown): Slot[] {
  return Array.isArray(value) ? (value as Slot[]) : [];
}
