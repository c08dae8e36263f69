import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSchool, unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

const SCHOOLS = /* GraphQL */ `
  query Schools($search: String) {
    schools(search: $search) { id name region domain createdAt }
  }
`;
const SCHOOL = /* GraphQL */ `
  query School($id: ID!) {
    school(id: $id) { id name region }
  }
`;

describe('schools', () => {
  it('lists schools ordered by name to anonymous callers', async () => {
    const tag = unique('order');
    const b = await createSchool(app.db, { name: `${tag} 나` });
    const a = await createSchool(app.db, { name: `${tag} 가` });

    const data = (await exec(app, SCHOOLS, { search: tag })).expectData();

    expect(data.schools.map((s: { id: string }) => s.id)).toEqual([a.id, b.id]);
    expect(data.schools[0]).toEqual({ id: a.id, name: a.name, region: a.region, domain: a.domain, createdAt: a.createdAt.toISOString() });
  });

  it('matches the search against name or region, ignoring case', async () => {
    const region = unique('Region');
    const school = await createSchool(app.db, { region });
    await createSchool(app.db);

    const data = (await exec(app, SCHOOLS, { search: region.toUpperCase() })).expectData();

    expect(data.schools.map((s: { id: string }) => s.id)).toEqual([school.id]);
  });

  it('rejects a search longer than 100 characters with BAD_USER_INPUT naming the field, without echoing it', async () => {
    const search = `secret-${'x'.repeat(100)}`;

    const result = await exec(app, SCHOOLS, { search });

    const error = result.expectError('BAD_USER_INPUT');
    expect(error.extensions?.fields).toEqual([{ field: 'search', message: 'must be at most 100 characters' }]);
    expect(JSON.stringify(result.errors)).not.toContain('secret-');
  });
});

describe('school', () => {
  it('returns one school by id', async () => {
    const school = await createSchool(app.db);

    const data = (await exec(app, SCHOOL, { id: school.id })).expectData();

    expect(data.school).toEqual({ id: school.id, name: school.name, region: school.region });
  });

  it('answers NOT_FOUND for an unknown id, without repeating the id', async () => {
    const id = unique('missing');

    const result = await exec(app, SCHOOL, { id });

    const error = result.expectError('NOT_FOUND');
    expect(error.message).toBe('School not found');
    expect(result.data).toEqual({ school: null });
  });
});
