/**
 * Request-level client mistakes over HTTP: each is a 400 with a code from the closed set,
 * in every profile, signed in or not, and nothing is logged at error level.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp, type TestAccount } from '../helpers/accounts';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const CLOSED_CODES = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'];

interface Sent {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function send(baseUrl: string, body: string, token?: string): Promise<Sent> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Sent['body'] };
}

describe.each(['development', 'production'] as const)('in %s', (profile) => {
  let app: TestApp;
  let baseUrl: string;
  let account: TestAccount;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ NODE_ENV: profile, BCRYPT_COST: profile === 'production' ? '10' : '4' }));
    baseUrl = await app.listen();
    account = await signUp(app);
  });
  afterAll(() => app.stop());

  const errorLogs = () => app.logs.filter((line) => Number(line.level) >= 50);

  it.each([
    ['anonymous', false],
    ['signed in', true],
  ])('answers an unknown operationName with 400 BAD_USER_INPUT (%s)', async (_who, signedIn) => {
    const response = await send(baseUrl, JSON.stringify({ query: 'query A { schools { id } }', operationName: 'B' }), signedIn ? account.accessToken : undefined);

    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', 'Unknown operation named "B".']]);
    expect(response.body.data).toBeUndefined();
    expect(errorLogs()).toEqual([]);
  });

  it('answers a document with several operations and no operationName with 400', async () => {
    const response = await send(baseUrl, JSON.stringify({ query: 'query A { schools { id } } query B { schools { id } }' }));

    expect(response.status).toBe(400);
    expect(CLOSED_CODES).toContain(response.body.errors?.[0]?.extensions?.code);
  });

  it('answers a subscription over HTTP with 400 naming the unsupported operation type', async () => {
    const anonymous = await send(baseUrl, JSON.stringify({ query: 'subscription { me { id } }' }));
    const signedIn = await send(baseUrl, JSON.stringify({ query: 'subscription S { me { id } }' }), account.accessToken);

    for (const response of [anonymous, signedIn]) {
      expect(response.status).toBe(400);
      const [error] = response.body.errors ?? [];
      expect(CLOSED_CODES).toContain(error?.extensions?.code);
      expect(error?.message).toMatch(/subscription/i);
    }
    expect(errorLogs()).toEqual([]);
  });

  it('answers variables nested 45,000 levels deep (90 KB) with 400 BAD_USER_INPUT', async () => {
    const depth = 45_000;
    const variables = `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const body = `{"query":"query($a: String) { schools(search: $a) { id } }","variables":${variables}}`;

    const response = await send(baseUrl, body);
    const alive = await send(baseUrl, JSON.stringify({ query: '{ __typename }' }));

    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'variables', message: 'must not nest deeper than 32 levels' }] });
    expect(alive.status).toBe(200);
    expect(errorLogs()).toEqual([]);
  });
});
