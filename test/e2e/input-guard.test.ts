/**
 * Text the database cannot store (found by the mutation fuzzer): a NUL character or an
 * unpaired surrogate in any string input is refused before execution as BAD_USER_INPUT,
 * instead of failing the query as INTERNAL_SERVER_ERROR.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, signUp } from '../helpers/accounts';
import { post } from '../helpers/graphql';
import { createTestApp, type TestApp } from '../helpers/test-app';

const PROBLEM = 'must be valid text (no NUL character or unpaired surrogate)';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp();
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

/** POSTs a raw JSON body (to send escapes such as "\ud800" exactly as a client could). */
async function postRaw(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } };
}

describe('unstorable text in inputs', () => {
  it.each([
    ['a NUL character', '"a\\u0000b"'],
    ['an unpaired high surrogate', '"\\ud800"'],
    ['an unpaired low surrogate', '"x\\udc00"'],
  ])('refuses %s in a variable with 400 BAD_USER_INPUT naming the field', async (_case, json) => {
    const body = `{"query":${JSON.stringify(LOGIN)},"variables":{"input":{"login":${json},"password":"whatever it is"}}}`;

    const response = await postRaw(body);

    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', fields: [{ field: 'input.login', message: PROBLEM }] }]);
  });

  it('refuses a NUL written as an escape in the document itself', async () => {
    const response = await post(baseUrl, 'mutation { login(input: { login: "a\\u0000", password: "whatever it is" }) { accessToken } }');

    expect(response.status).toBe(400);
    expect(response.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'input', message: PROBLEM }]);
  });

  it('accepts text with paired surrogates (emoji) and Korean', async () => {
    const account = await signUp(app);

    const response = await post(baseUrl, 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { nickname } }', { input: { nickname: '민지 🐱' } }, {
      authorization: `Bearer ${account.accessToken}`,
    });

    expect(response.expectData()).toEqual({ updateProfile: { nickname: '민지 🐱' } });
  });
});
