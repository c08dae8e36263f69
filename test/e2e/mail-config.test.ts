/**
 * The compiled server (`node dist/src/main.js`, as `npm start` runs it) refuses to start in
 * production without a way to send mail, unless told explicitly to only log mail.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { run } from '../helpers/run';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');
const PRODUCTION = { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-long-enough-000', DATABASE_URL: 'postgresql://u@127.0.0.1:9/none' };

describe('production mail configuration', () => {
  it('exits 1 naming SMTP_URL when no mailer is configured', async () => {
    if (!existsSync(MAIN)) throw new Error('dist/src/main.js is missing: run `npm test` (it builds first) or `npm run build`.');

    const result = await run(process.execPath, [MAIN], { env: PRODUCTION });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SMTP_URL is required in production (or set MAIL_TRANSPORT=log');
  });

  it('exits 1 naming MAIL_FROM when SMTP_URL is set without a sender, without echoing the URL', async () => {
    const result = await run(process.execPath, [MAIN], { env: { ...PRODUCTION, SMTP_URL: 'smtps://user:hunter2@smtp.example:465' } });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MAIL_FROM is required in production');
    expect(result.stderr).not.toContain('hunter2');
  });
});
