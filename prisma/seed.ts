/**
 * `npm run db:seed`: demo data for development (never read by tests). Idempotent: running
 * it again updates the same rows instead of adding copies.
 */
import { loadConfigFromProcess } from '../src/config';
import { resolveDatabase } from '../src/db/database';
import { createPrismaClient } from '../src/db/prisma';
import { applyMigrations } from '../src/db/migrations';
import { createLogger } from '../src/shared/logger';

const DEMO_SCHOOLS = [
  { name: '한국대학교', region: '서울', domain: 'hankook.ac.kr' },
  { name: '바다대학교', region: '부산', domain: 'bada.ac.kr' },
  { name: '새싹대학교', region: '대전', domain: 'saessak.ac.kr' },
];

async function seed(): Promise<void> {
  const config = loadConfigFromProcess();
  if (config.env === 'production') throw new Error('Refusing to seed demo data with NODE_ENV=production.');
  const logger = createLogger(config.log.level, undefined, { pretty: process.stdout.isTTY });
  const database = await resolveDatabase(config, logger, { reuseRunning: true });
  const db = createPrismaClient(database.url, config.db, logger);
  try {
    await applyMigrations(database.url, logger);
    for (const school of DEMO_SCHOOLS) {
      await db.school.upsert({ where: { domain: school.domain }, create: school, update: { name: school.name, region: school.region } });
    }
    logger.info({ schools: DEMO_SCHOOLS.length }, 'seeded demo schools');
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

seed().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
