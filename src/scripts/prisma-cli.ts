/**
 * Runs the Prisma CLI (`npm run db:migrate`, `npm run db:deploy`) against the configured
 * database: DATABASE_URL when set, otherwise the embedded PostgreSQL (started for the run,
 * or the one a running `npm start` owns).
 */
import { spawn } from 'node:child_process';
import { childProcessEnv, loadConfigFromProcess } from '../config';
import { resolveDatabase } from '../db/database';
import { createLogger } from '../shared/logger';

async function run(args: string[]): Promise<number> {
  const config = loadConfigFromProcess();
  const logger = createLogger(config.log.level === 'silent' ? 'silent' : 'warn', undefined, { pretty: process.stdout.isTTY });
  const database = await resolveDatabase(config, logger, { reuseRunning: true });
  try {
    const child = spawn(process.execPath, [require.resolve('prisma/build/index.js'), ...args], {
      stdio: 'inherit',
      env: childProcessEnv({ DATABASE_URL: database.url }),
    });
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    await database.stop();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
