import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSchool } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ NODE_ENV: 'development', LOG_LEVEL: 'info' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

describe('GraphQL over HTTP', () => {
  it('answers the public schools query', async () => {
    const school = await createSchool(app.db);

    const response = await post(baseUrl, 'query($id: ID!) { school(id: $id) { id name } }', { id: school.id });

    expect(response.status).toBe(200);
    expect(response.expectData()).toEqual({ school: { id: school.id, name: school.name } });
  });

  it('returns a request id header, reusing a safe one sent by the client', async () => {
    const generated = await post(baseUrl, '{ __typename }');
    const supplied = await post(baseUrl, '{ __typename }', {}, { 'x-request-id': 'client-req-42' });
    const unsafe = await post(baseUrl, '{ __typename }', {}, { 'x-request-id': 'bad id\twith spaces' });

    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(supplied.headers.get('x-request-id')).toBe('client-req-42');
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['an unknown token', 'Bearer not-a-real-token'],
    ['a malformed header', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 UNAUTHENTICATED and no data', async (_case, authorization) => {
    const response = await post(baseUrl, '{ me { id } }', {}, { authorization });

    expect(response.status).toBe(401);
    response.expectError('UNAUTHENTICATED');
    expect(response.data).toBeUndefined();
  });

  it('never writes the bearer token to the logs', async () => {
    const token = 'leaky-token-value-1234567890';

    await post(baseUrl, '{ schools { id } }', {}, { authorization: `Bearer ${token}` });

    expect(app.rawLogs()).not.toContain(token);
  });

  it('blocks a GET query without a preflight header (CSRF prevention) and allows it with one', async () => {
    const url = `${baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`;

    const simple = await fetch(url);
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });

    expect(simple.status).toBe(400);
    expect(preflighted.status).toBe(200);
  });

  it('refuses a batched request (batching is off) with a client error', async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('does not echo an invalid variable value in the error', async () => {
    const response = await post(baseUrl, 'query($id: ID!) { school(id: $id) { id } }', { id: { password: 'hunter2' } });

    expect(response.status).toBe(400);
    const error = response.expectError('BAD_USER_INPUT');
    expect(error.extensions?.fields).toEqual([{ field: 'id', message: expect.any(String) }]);
    expect(response.text).not.toContain('hunter2');
  });

  it('serves Apollo Sandbox to a browser in development', async () => {
    const response = await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('embeddable-sandbox');
  });

  it('allows a configured CORS origin', async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('health and readiness', () => {
  it('reports the process alive on /health and the database ready on /ready', async () => {
    const health = await fetch(`${baseUrl}/health`);
    const ready = await fetch(`${baseUrl}/ready`);

    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });
});
