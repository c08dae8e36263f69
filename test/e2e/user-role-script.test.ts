/**
 * `npm run user:role -- <email> <USER|STAFF>` as an operator runs it: the compiled script
 * (dist/, built by `npm test` first) as a child process on this worker's database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ME, logIn, signUp } from '../helpers/accounts';
import { unique } from '../helpers/factories';
import { exec } from '../helpers/graphql';
import { run, type RunResult } from '../helpers/run';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { testConfig } from '../helpers/test-config';
import { workerDatabaseUrl } from '../setup/test-database';

const SCRIPT = path.resolve(__dirname, '..', '..', 'dist', 'src', 'scripts', 'user-role.js');

let app: TestApp;
beforeAll(async () => {
  if (!existsSync(SCRIPT)) throw new Error('dist/src/scripts/user-role.js is missing: run `npm test` (it builds first) or `npm run build`.');
  // No session cache: a token's role is read from the account on every request.
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

function userRole(...args: string[]): Promise<RunResult> {
  return run(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH, DATABASE_URL: workerDatabaseUrl() } });
}

/** The viewer's role as the API reports it for this access token. */
async function roleSeenWith(token: string): Promise<string> {
  return (await exec(app, ME, {}, { token })).expectData().me.role;
}

/** Exit code and output, so that a failure shows what the script printed. */
const outcome = (result: RunResult) => ({ code: result.code, stdout: result.stdout, stderr: result.stderr });

describe('npm run user:role', () => {
  it('makes an account STAFF, for new sign-ins and for tokens issued before the change', async () => {
    const account = await signUp(app);
    expect(await roleSeenWith(account.accessToken)).toBe('USER');

    const result = await userRole(account.email, 'STAFF');

    expect(outcome(result)).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toContain(account.email);
    expect(result.stdout).toMatch(/USER -> STAFF/);
    const fresh = await logIn(app, account);
    expect(await roleSeenWith(fresh.accessToken)).toBe('STAFF');
    expect(await roleSeenWith(account.accessToken)).toBe('STAFF');
  });

  it('takes STAFF away again with USER', async () => {
    const account = await signUp(app);
    expect(outcome(await userRole(account.email, 'STAFF'))).toMatchObject({ code: 0 });

    const result = await userRole(account.email.toUpperCase(), 'USER');

    expect(outcome(result)).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/STAFF -> USER/);
    expect(await roleSeenWith(account.accessToken)).toBe('USER');
  });

  it('exits 1 with a one-line message for an unknown e-mail address', async () => {
    const email = `${unique('nobody')}@example.com`;

    const result = await userRole(email, 'STAFF');

    expect(outcome(result)).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`No account has the e-mail address ${email}`)]);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('exits 1 with a one-line message for an unknown role, changing nothing', async () => {
    const account = await signUp(app);

    const result = await userRole(account.email, 'ADMIN');

    expect(outcome(result)).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/Unknown role "ADMIN": expected USER or STAFF/)]);
    expect(await roleSeenWith(account.accessToken)).toBe('USER');
  });

  it.each([[[]], [['someone@example.com']]])('exits 1 with the usage line when an argument is missing (%j)', async (args) => {
    const result = await userRole(...args);

    expect(outcome(result)).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual(['Usage: npm run user:role -- <email> <USER|STAFF>']);
  });
});
