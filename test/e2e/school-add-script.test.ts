/**
 * `npm run school:add -- --name … --region … --domain …` as an operator runs it: the compiled
 * script (dist/, built by `npm test` first) as a child process on this worker's database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { unique } from '../helpers/factories';
import { run, type RunResult } from '../helpers/run';
import { workerDatabaseUrl } from '../setup/test-database';

const SCRIPT = path.resolve(__dirname, '..', '..', 'dist', 'src', 'scripts', 'school-add.js');

let db: PrismaClient;
beforeAll(() => {
  if (!existsSync(SCRIPT)) throw new Error('dist/src/scripts/school-add.js is missing: run `npm test` (it builds first) or `npm run build`.');
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: workerDatabaseUrl() }) });
});
afterAll(() => db.$disconnect());

function schoolAdd(...args: string[]): Promise<RunResult> {
  return run(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH, DATABASE_URL: workerDatabaseUrl() } });
}

const outcome = (result: RunResult) => ({ code: result.code, stdout: result.stdout, stderr: result.stderr });

describe('npm run school:add', () => {
  it('adds a school with a normalised domain and prints one line', async () => {
    const domain = `${unique('add')}.ac.kr`;

    const result = await schoolAdd('--name', '  스크립트대학교 ', '--region', '대전', '--domain', domain.toUpperCase(), '--allows-club-boards');

    expect(outcome(result)).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toEqual([expect.stringContaining(`domain ${domain}`)]);
    expect(await db.school.findUnique({ where: { domain } })).toMatchObject({ name: '스크립트대학교', region: '대전', allowsClubBoards: true });
  });

  it('adds a school without a domain', async () => {
    const name = unique('nodomain');

    const result = await schoolAdd('--name', name, '--region', '서울');

    expect(outcome(result)).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('no domain');
    expect(await db.school.findFirst({ where: { name } })).toMatchObject({ domain: null, allowsClubBoards: false });
  });

  it('exits 1 with one line for a domain already taken, changing nothing', async () => {
    const domain = `${unique('taken')}.ac.kr`;
    expect(outcome(await schoolAdd('--name', 'A', '--region', '서울', '--domain', domain))).toMatchObject({ code: 0 });

    const result = await schoolAdd('--name', 'B', '--region', '서울', '--domain', domain);

    expect(outcome(result)).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([`Another school already has the domain ${domain}.`]);
    expect(await db.school.count({ where: { domain } })).toBe(1);
  });

  it('exits 1 with one line for an invalid domain', async () => {
    const result = await schoolAdd('--name', 'C', '--region', '서울', '--domain', 'not a domain');

    expect(outcome(result)).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual(['Invalid school: domain must be a domain name such as korea.ac.kr.']);
  });

  it.each([[[]], [['--name', 'Only']], [['--name', 'X', '--region', 'Y', '--unknown']]])('exits 1 with the usage line for missing or unknown options (%j)', async (args) => {
    const result = await schoolAdd(...args);

    expect(outcome(result)).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('Usage: npm run school:add -- --name <name> --region <region>')]);
  });
});
