import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { post } from '../helpers/graphql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', BCRYPT_COST: '10' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

describe('production profile', () => {
  it('refuses introspection', async () => {
    const response = await post(baseUrl, '{ __schema { types { name } } }');

    expect(response.status).toBe(400);
    response.expectError('GRAPHQL_VALIDATION_FAILED');
    expect(response.text).not.toContain('"types"');
  });

  it('hides field suggestions', async () => {
    const response = await post(baseUrl, '{ schoolz { id } }');

    response.expectError('GRAPHQL_VALIDATION_FAILED');
    expect(response.text).not.toMatch(/Did you mean/);
  });

  it('serves no Sandbox page', async () => {
    const response = await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } });

    expect(await response.text()).not.toMatch(/sandbox/i);
  });

  it('allows no cross-origin caller unless CORS_ORIGINS lists it', async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
