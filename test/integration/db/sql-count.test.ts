import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Prisma } from '../../../src/generated/prisma/client';
import { createPrismaClient, queryRows } from '../../../src/db/prisma';
import { createLogger } from '../../../src/shared/logger';
import { requestScope } from '../../../src/shared/request-context';
import { createSchool, unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

describe('the SQL statement counter', () => {
  it('counts the statements a request sends, whatever the number of rows', async () => {
    const tag = unique('count');
    await createSchool(app.db, { name: `${tag} a` });

    const one = await exec(app, 'query($s: String) { schools(search: $s) { id } }', { s: tag });
    await Promise.all([1, 2, 3].map((i) => createSchool(app.db, { name: `${tag} ${i}` })));
    const four = await exec(app, 'query($s: String) { schools(search: $s) { id } }', { s: tag });

    expect(one.expectData().schools).toHaveLength(1);
    expect(four.expectData().schools).toHaveLength(4);
    expect(one.sqlStatements).toBe(1);
    expect(four.sqlStatements).toBe(1);
  });

  it('counts a statement that waited for a free connection against its own request, not the one that freed it', async () => {
    const config = testConfig();
    const db = createPrismaClient(config.db.url!, { ...config.db, poolMax: 1 }, createLogger('silent'));
    try {
      let release!: () => void;
      const held = requestScope.exit(() => db.$transaction(() => new Promise<void>((resolve) => (release = resolve))));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const scope = { requestId: randomUUID(), sqlStatements: 0 };
      const waiting = requestScope.run(scope, () => queryRows(db, Prisma.sql`SELECT 1 AS one`));
      await new Promise((resolve) => setTimeout(resolve, 50));
      requestScope.exit(() => release());
      await Promise.all([held, waiting]);

      expect(scope.sqlStatements).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it('runs on connections without JIT (compiling never pays for the pages\' short statements)', async () => {
    const [row] = await queryRows<{ jit: string }>(app.db, Prisma.sql`SHOW jit`);
    expect(row?.jit).toBe('off');
  });
});
