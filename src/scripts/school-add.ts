/**
 * `npm run school:add -- --name <name> --region <region> [--domain <domain>] [--allows-club-boards]`:
 * adds a school, on the configured database (DATABASE_URL when set, otherwise the embedded
 * PostgreSQL, started for the run or the one a running `npm start` owns). The same rules as
 * the STAFF mutation createSchool (SchoolService.create): names trimmed, the domain
 * normalised and unique. Without a domain, STAFF approve the school's members
 * (approveMembership).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SchoolService } from '../modules/school/school.service';
import { ConflictError, UserInputError } from '../shared/errors';
import { runOperatorScript, UsageError, withOperatorDatabase } from './operator-script';

const USAGE = 'Usage: npm run school:add -- --name <name> --region <region> [--domain <domain>] [--allows-club-boards]';

function options(args: string[]): { name: string; region: string; domain: string | null; allowsClubBoards: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { name: { type: 'string' }, region: { type: 'string' }, domain: { type: 'string' }, 'allows-club-boards': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${USAGE}`);
  }
  const { name, region, domain } = parsed.values;
  if (!name?.trim() || !region?.trim()) throw new UsageError(USAGE);
  return { name, region, domain: domain ?? null, allowsClubBoards: parsed.values['allows-club-boards'] ?? false };
}

async function main(args: string[]): Promise<string> {
  const input = options(args);
  return withOperatorDatabase(async (db) => {
    const school = await new SchoolService(db).create(null, input).catch((error: unknown) => {
      if (error instanceof UserInputError) throw new UsageError(`Invalid school: ${error.fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`);
      if (error instanceof ConflictError) throw new UsageError(`Another school already has the domain ${input.domain?.trim().toLowerCase()}.`);
      throw error;
    });
    return `Added ${school.name} (${school.region}) with id ${school.id}${school.domain ? `, domain ${school.domain}` : ', no domain (STAFF approve its members)'}.`;
  });
}

runOperatorScript('school:add', main);
