import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSchool, unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';

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
});
