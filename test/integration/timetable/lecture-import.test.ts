/**
 * The catalogue import: parsing and checking a CSV file (errors name line and column, one bad
 * row fails the whole file), applying it idempotently (added / changed / removed by code +
 * section), and `npm run lectures:import` as an operator runs it (the compiled script).
 */
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyLectureImport, LectureImportError, parseLectureCsv } from '../../../src/modules/timetable/lecture-import';
import { createSchool } from '../../helpers/factories';
import { run } from '../../helpers/run';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { workerDatabaseUrl } from '../../setup/test-database';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'prisma', 'data', 'lectures-sample.csv');
const SCRIPT = path.join(ROOT, 'dist', 'src', 'scripts', 'lectures-import.js');
const HEADER = 'code,section,name,professor,credits,capacity,kind,times';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

function problemsOf(text: string): string[] {
  try {
    parseLectureCsv(text);
  } catch (error) {
    if (error instanceof LectureImportError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a LectureImportError');
}

describe('parseLectureCsv', () => {
  it('reads the shipped sample: Korean kinds and days, rooms with spaces, online lectures, quoted fields', () => {
    const records = parseLectureCsv(readFileSync(SAMPLE, 'utf8'));
    const extra = parseLectureCsv(`\uFEFF${HEADER}\nX1,01,"이름, 쉼표",교수,3,,OTHER,"화 10:00-11:00; 목 10:00-11:00 B 101"\n`);

    expect(records.length).toBeGreaterThanOrEqual(10);
    const intro = records.find((r) => r.code === 'CSE101' && r.section === '01')!;
    expect(intro).toMatchObject({ name: '컴퓨터과학개론', credits: 3, capacity: 60, kind: 'MAJOR_REQUIRED' });
    expect(intro.slots).toEqual([
      { weekday: 'MON', startMinute: 540, endMinute: 615, room: '공학관 301' },
      { weekday: 'WED', startMinute: 540, endMinute: 615, room: '공학관 301' },
    ]);
    expect(records.find((r) => r.code === 'HIS110')!.slots).toEqual([]);
    expect(extra[0]).toMatchObject({ name: '이름, 쉼표', capacity: null, kind: 'OTHER' });
    expect(extra[0].slots.map((s) => [s.weekday, s.room])).toEqual([['TUE', null], ['THU', 'B 101']]);
  });

  it('names the line and column of every bad field, and refuses duplicates and bad headers', () => {
    const text = [
      HEADER,
      'A1,01,좋은 강의,교수,3,30,GENERAL,MON 09:00-10:00',
      'A2,01,,교수,x,0,전공,MON 10:00-09:00',
      'A3,01,강의,교수,3,,GENERAL,XYZ 09:00-10:00',
      'A1,01,중복,교수,3,,GENERAL,',
      'A4,01,강의,교수,3,,GENERAL,MON 09:00-10:00; MON 09:30-10:30',
      'A5,01,강의',
    ].join('\n');

    expect(problemsOf(text)).toEqual([
      'line 3, column "name": cannot be empty',
      'line 3, column "credits": must be a whole number from 0 to 30',
      'line 3, column "capacity": must be empty or a whole number from 1 to 10000',
      expect.stringMatching(/^line 3, column "kind": must be one of /),
      'line 3, column "times": endMinute must be after startMinute',
      expect.stringMatching(/^line 4, column "times": unknown day/),
      'line 5, column "section": code and section repeat line 2',
      'line 6, column "times": two meeting times of the lecture overlap',
      'line 7: has 3 fields, the header has 8',
    ]);
    expect(problemsOf('code,name\nA,B\n')).toEqual([expect.stringMatching(/^line 1: missing column\(s\) section, professor, credits, capacity, kind, times; expected /)]);
    expect(problemsOf('')).toEqual([expect.stringMatching(/^line 1: the file is empty/)]);
    expect(problemsOf(`${HEADER}\nA,01,"unterminated,교수,3,,GENERAL,\n`)[0]).toMatch(/^line \d+: not valid CSV/);
  });
});

describe('applyLectureImport', () => {
  it('adds, then finds everything unchanged on a re-run, then changes, adds and removes by code + section', async () => {
    const school = await createSchool(app.db);
    const first = [HEADER, 'K1,01,하나,교수,3,,GENERAL,MON 09:00-10:00 A동', 'K2,01,둘,교수,2,,GENERAL,', 'K3,01,셋,교수,1,,GENERAL,TUE 09:00-10:00'].join('\n');
    const second = [HEADER, 'K1,01,하나,교수,3,,GENERAL,MON 09:00-10:00 B동', 'K2,01,둘,교수,2,,GENERAL,', 'K4,01,넷,교수,3,,GENERAL,'].join('\n');
    const options = (text: string) => ({ schoolId: school.id, semester: '2026-2', records: parseLectureCsv(text) });

    const added = await applyLectureImport(app.db, options(first));
    const rerun = await applyLectureImport(app.db, options(first));
    const changed = await applyLectureImport(app.db, options(second));

    expect(added).toEqual({ added: 3, changed: 0, removed: 0, unchanged: 0 });
    expect(rerun).toEqual({ added: 0, changed: 0, removed: 0, unchanged: 3 });
    expect(changed).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 1 });
    const rows = await app.db.lecture.findMany({ where: { schoolId: school.id }, orderBy: { code: 'asc' } });
    expect(rows.map((r) => r.code)).toEqual(['K1', 'K2', 'K4']);
    expect(rows[0].slots).toEqual([{ weekday: 'MON', startMinute: 540, endMinute: 600, room: 'B동' }]);
  });

  it('refuses an unknown school or a bad semester', async () => {
    await expect(applyLectureImport(app.db, { schoolId: 'nope', semester: '2026-1', records: [] })).rejects.toThrow('--school names no school');
    const school = await createSchool(app.db);
    await expect(applyLectureImport(app.db, { schoolId: school.id, semester: '2026', records: [] })).rejects.toThrow(/--semester must be a semester/);
  });
});

describe('npm run lectures:import', () => {
  const importer = (...args: string[]) => run(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH, DATABASE_URL: workerDatabaseUrl() } });

  it('imports the sample file, reports counts, and is idempotent', async () => {
    if (!existsSync(SCRIPT)) throw new Error('dist/src/scripts/lectures-import.js is missing: run `npm test` (it builds first) or `npm run build`.');
    const school = await createSchool(app.db);

    const first = await importer('--school', school.id, '--semester', '2026-1', SAMPLE);
    const second = await importer('--school', school.id, '--semester', '2026-1', SAMPLE);

    const total = parseLectureCsv(readFileSync(SAMPLE, 'utf8')).length;
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`${total} added, 0 changed, 0 removed`);
    expect(second.stdout).toContain(`0 added, 0 changed, 0 removed, ${total} unchanged`);
    expect(await app.db.lecture.count({ where: { schoolId: school.id, semester: '2026-1' } })).toBe(total);
  });

  it('writes nothing when a row is bad, and prints every problem by line and column', async () => {
    const school = await createSchool(app.db);
    const dir = mkdtempSync(path.join(tmpdir(), 'lectures-'));
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, [HEADER, 'G1,01,좋음,교수,3,,GENERAL,', 'G2,01,나쁨,교수,99,,GENERAL,'].join('\n'));

    const result = await importer('--school', school.id, '--semester', '2026-1', file);
    const usage = await importer('--semester', '2026-1', file);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nothing was imported');
    expect(result.stderr).toContain('line 3, column "credits": must be a whole number from 0 to 30');
    expect(await app.db.lecture.count({ where: { schoolId: school.id } })).toBe(0);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Usage: npm run lectures:import');
  });
});
