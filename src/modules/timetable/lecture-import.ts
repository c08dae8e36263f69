/**
 * The operators' catalogue import: one CSV file is a school's whole catalogue for one
 * semester. Importing is idempotent: lectures are matched by code + section, so re-running
 * the same file changes nothing, and a changed file updates, adds and removes lectures to
 * match it (removing a lecture also removes it from timetables, with its reviews).
 *
 * Every row is checked before anything is written: one bad row (or a duplicate code +
 * section) fails the whole import with errors naming the line and the column, and the
 * database is left as it was. The writes run in one transaction.
 *
 * Columns (header row required, any order, names case-insensitive):
 *   code, section, name, professor, credits, capacity (may be empty), kind, times
 * `kind`: MAJOR_REQUIRED | MAJOR_ELECTIVE | GENERAL | ELECTIVE | OTHER, or 전공필수 | 전공선택 |
 * 교양 | 일반선택 | 기타. `times`: meetings separated by `;`, each `DAY HH:MM-HH:MM [room]`
 * with DAY one of MON..SUN or 월..일; empty for an online lecture.
 */
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { LectureKind } from './lecture.types';
import { normalizeSemester, SEMESTER_MESSAGE } from './semester';
import { parseClock, slotListProblem, sortSlots, storedSlots, type Slot } from './slots';
import { Weekday } from './weekday';

export const IMPORT_COLUMNS = ['code', 'section', 'name', 'professor', 'credits', 'capacity', 'kind', 'times'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

const TEXT_LIMITS: Record<'code' | 'section' | 'name' | 'professor', number> = { code: 20, section: 10, name: 100, professor: 100 };
const MAX_ROWS = 20_000;

const KIND_NAMES: Record<string, LectureKind> = {
  ...Object.fromEntries(Object.values(LectureKind).map((kind) => [kind, kind])),
  전공필수: LectureKind.MAJOR_REQUIRED,
  전공선택: LectureKind.MAJOR_ELECTIVE,
  교양: LectureKind.GENERAL,
  일반선택: LectureKind.ELECTIVE,
  기타: LectureKind.OTHER,
};

const DAY_NAMES: Record<string, Weekday> = {
  ...Object.fromEntries(Object.values(Weekday).map((day) => [day, day])),
  월: Weekday.MON,
  화: Weekday.TUE,
  수: Weekday.WED,
  목: Weekday.THU,
  금: Weekday.FRI,
  토: Weekday.SAT,
  일: Weekday.SUN,
};

/** One problem: its line (1 = the header; 0 = not about the file) and, when it is about a field, the column. */
export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

export class LectureImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LectureImportError';
  }
}

export function formatProblem(problem: ImportProblem): string {
  if (problem.line === 0) return problem.message;
  return problem.column ? `line ${problem.line}, column "${problem.column}": ${problem.message}` : `line ${problem.line}: ${problem.message}`;
}

/** A valid row of the file: the lecture's catalogue fields. */
export interface LectureRecord {
  code: string;
  section: string;
  name: string;
  professor: string;
  credits: number;
  capacity: number | null;
  kind: LectureKind;
  slots: Slot[];
}

/** Parses `DAY HH:MM-HH:MM [room]; …`. @returns the slots, or a problem message. */
export function parseTimes(text: string): Slot[] | string {
  const slots: Slot[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(\S+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?:\s+(.+))?$/.exec(part);
    if (!match) return 'each meeting must look like "MON 09:00-10:15 room" (meetings separated by ";")';
    const weekday = DAY_NAMES[match[1].toUpperCase()] ?? DAY_NAMES[match[1]];
    if (!weekday) return `unknown day (expected ${Object.values(Weekday).join(', ')} or 월-일)`;
    const startMinute = parseClock(match[2]);
    const endMinute = parseClock(match[3]);
    if (startMinute === null || endMinute === null) return 'times must be HH:MM between 00:00 and 24:00';
    slots.push({ weekday, startMinute, endMinute, room: match[4]?.trim() || null });
  }
  return slotListProblem(slots) ?? sortSlots(slots);
}

function parseWhole(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** Checks one row; pushes its problems and returns the record when there are none. */
function checkRow(fields: Record<Column, string>, line: number, problems: ImportProblem[]): LectureRecord | null {
  const before = problems.length;
  const problem = (column: Column, message: string) => problems.push({ line, column, message });
  for (const column of ['code', 'section', 'name'] as const) {
    if (!fields[column]) problem(column, 'cannot be empty');
  }
  for (const [column, limit] of Object.entries(TEXT_LIMITS) as [keyof typeof TEXT_LIMITS, number][]) {
    if (fields[column].length > limit) problem(column, `must be at most ${limit} characters`);
  }
  const credits = parseWhole(fields.credits, 0, 30);
  if (credits === null) problem('credits', 'must be a whole number from 0 to 30');
  const capacity = fields.capacity === '' ? null : parseWhole(fields.capacity, 1, 10_000);
  if (fields.capacity !== '' && capacity === null) problem('capacity', 'must be empty or a whole number from 1 to 10000');
  const kind = KIND_NAMES[fields.kind.toUpperCase()] ?? KIND_NAMES[fields.kind];
  if (!kind) problem('kind', `must be one of ${Object.keys(KIND_NAMES).join(', ')}`);
  const slots = parseTimes(fields.times);
  if (typeof slots === 'string') problem('times', slots);
  if (problems.length > before) return null;
  return { code: fields.code, section: fields.section, name: fields.name, professor: fields.professor, credits: credits!, capacity, kind: kind!, slots: slots as Slot[] };
}

/**
 * Parses and checks a whole catalogue file.
 * @throws LectureImportError with every problem found (CSV syntax stops at the first).
 */
export function parseLectureCsv(text: string): LectureRecord[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new LectureImportError([{ line: typeof lines === 'number' ? lines : 1, column: null, message: `not valid CSV (${(error as Error).message.split('\n')[0]})` }]);
  }
  if (rows.length === 0) throw new LectureImportError([{ line: 1, column: null, message: `the file is empty; expected a header row: ${IMPORT_COLUMNS.join(',')}` }]);
  if (rows.length - 1 > MAX_ROWS) throw new LectureImportError([{ line: rows[MAX_ROWS + 1].info.lines, column: null, message: `at most ${MAX_ROWS} lectures per file` }]);
  const header = rows[0].record.map((name) => name.trim().toLowerCase());
  const missing = IMPORT_COLUMNS.filter((column) => !header.includes(column));
  const unknown = header.filter((name) => !(IMPORT_COLUMNS as readonly string[]).includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [missing.length ? `missing column(s) ${missing.join(', ')}` : '', unknown.length ? `unknown column(s) ${unknown.join(', ')}` : ''].filter(Boolean);
    throw new LectureImportError([{ line: rows[0].info.lines, column: null, message: `${parts.join('; ')}; expected ${IMPORT_COLUMNS.join(',')}` }]);
  }
  const problems: ImportProblem[] = [];
  const records: LectureRecord[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows.slice(1)) {
    if (record.length !== header.length) {
      problems.push({ line: info.lines, column: null, message: `has ${record.length} fields, the header has ${header.length}` });
      continue;
    }
    const fields = Object.fromEntries(header.map((name, index) => [name, record[index].trim()])) as Record<Column, string>;
    const lecture = checkRow(fields, info.lines, problems);
    if (!lecture) continue;
    const key = `${lecture.code}\u0000${lecture.section}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ line: info.lines, column: 'section', message: `code and section repeat line ${first}` });
    else seen.set(key, info.lines);
    records.push(lecture);
  }
  if (problems.length > 0) throw new LectureImportError(problems);
  return records;
}

export interface ImportSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

function sameLecture(row: { name: string; professor: string; credits: number; capacity: number | null; kind: string; slots: Prisma.JsonValue }, record: LectureRecord): boolean {
  return (
    row.name === record.name &&
    row.professor === record.professor &&
    row.credits === record.credits &&
    row.capacity === record.capacity &&
    row.kind === record.kind &&
    JSON.stringify(storedSlots(row.slots).map(slotTuple)) === JSON.stringify(record.slots.map(slotTuple))
  );
}

/** A slot as a tuple: jsonb does not keep the key order of stored objects. */
function slotTuple(slot: Slot): unknown[] {
  return [slot.weekday, slot.startMinute, slot.endMinute, slot.room];
}

/**
 * Makes the school's catalogue for the semester equal to `records`, in one transaction.
 * @throws LectureImportError (unknown school, bad semester)
 */
export async function applyLectureImport(db: Db, options: { schoolId: string; semester: string; records: LectureRecord[] }): Promise<ImportSummary> {
  const semester = normalizeSemester(options.semester);
  if (!semester) throw new LectureImportError([{ line: 0, column: null, message: `--semester ${SEMESTER_MESSAGE}` }]);
  const school = await db.school.findUnique({ where: { id: options.schoolId }, select: { id: true } });
  if (!school) throw new LectureImportError([{ line: 0, column: null, message: '--school names no school' }]);
  return db.$transaction(
    async (tx) => {
      const existing = await tx.lecture.findMany({ where: { schoolId: school.id, semester } });
      const byKey = new Map(existing.map((row) => [`${row.code}\u0000${row.section}`, row]));
      const summary: ImportSummary = { added: 0, changed: 0, removed: 0, unchanged: 0 };
      const added: Prisma.LectureCreateManyInput[] = [];
      for (const record of options.records) {
        const key = `${record.code}\u0000${record.section}`;
        const row = byKey.get(key);
        byKey.delete(key);
        const fields = { name: record.name, professor: record.professor, credits: record.credits, capacity: record.capacity, kind: record.kind, slots: record.slots as unknown as Prisma.InputJsonValue };
        if (!row) {
          added.push({ schoolId: school.id, semester, code: record.code, section: record.section, ...fields });
        } else if (sameLecture(row, record)) {
          summary.unchanged++;
        } else {
          await tx.lecture.update({ where: { id: row.id }, data: fields });
          summary.changed++;
        }
      }
      if (added.length > 0) summary.added = (await tx.lecture.createMany({ data: added })).count;
      const gone = [...byKey.values()].map((row) => row.id);
      if (gone.length > 0) summary.removed = (await tx.lecture.deleteMany({ where: { id: { in: gone } } })).count;
      return summary;
    },
    { timeout: 120_000 },
  );
}
