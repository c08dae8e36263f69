/**
 * Prisma CLI configuration: the JS/WASM schema engine over the pg driver, so every
 * `prisma migrate` command runs offline (shared/PLATFORM.md). Run the CLI through the
 * `npm run db:*` scripts: they supply DATABASE_URL, starting the embedded PostgreSQL when
 * it is unset. This file is the one place besides src/config.ts that reads the environment,
 * because the CLI loads it on its own.
 */
import { defineConfig } from 'prisma/config';
import { createMigrationAdapterFactory, unrefLongTimers } from './src/db/migration-adapter';

unrefLongTimers();

// Set but empty (`DATABASE_URL=` in a .env file) means unset, as in src/config.ts.
const databaseUrl = process.env.DATABASE_URL || undefined;
// The schema's datasource reads DATABASE_URL, and `prisma generate` refuses to run while it
// is unset even though it never connects (and, when it is empty, tries to download a query
// engine, which fails offline): give it a placeholder. Migrations use the real URL.
if (!databaseUrl) process.env.DATABASE_URL = 'postgresql://unused@localhost:5432/unused';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    const url = databaseUrl;
    if (!url) {
      throw new Error('DATABASE_URL is not set. Run Prisma through `npm run db:migrate` / `npm run db:deploy`.');
    }
    return createMigrationAdapterFactory(url);
  },
});
