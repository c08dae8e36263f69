/**
 * `npm run lectures:import -- --school <id> --semester 2026-1 <file.csv>`: loads a school's
 * lecture catalogue for a semester from a CSV file (format: src/modules/timetable/
 * lecture-import.ts and the README), on the configured database (DATABASE_URL when set,
 * otherwise the embedded PostgreSQL). Idempotent; prints how many lectures were added,
 * changed and removed. A bad file writes nothing and lists every problem by line and column.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { applyLectureImport, LectureImportError, parseLectureCsv } from '../modules/timetable/lecture-import';
import { runOperatorScript, UsageError, withOperatorDatabase } from './operator-script';

const USAGE = 'Usage: npm run lectures:import -- --school <school id> --semester <e.g. 2026-1> <file.csv>';

function parseCommandLine(args: string[]): { schoolId: string; semester: string; file: string } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { school: { type: 'string' }, semester: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { school, semester } = parsed.values;
  if (!school || !semester || parsed.positionals.length !== 1) throw new UsageError(USAGE);
  return { schoolId: school, semester, file: parsed.positionals[0] };
}

async function main(args: string[]): Promise<string> {
  const { schoolId, semester, file } = parseCommandLine(args);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // Every row is checked before the database is touched.
  const records = parseLectureCsv(text);
  return withOperatorDatabase(async (db) => {
    const summary = await applyLectureImport(db, { schoolId, semester, records });
    return `${file}: ${records.length} lectures for ${semester}: ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed, ${summary.unchanged} unchanged.`;
  });
}

runOperatorScript('lectures:import', main, (error) => (error instanceof LectureImportError ? `Nothing was imported:\n${error.message}` : undefined));
