/**
 * A stale Authorization header (expired, revoked, garbage) does not block the public
 * operations whose answer does not depend on the caller: they run as anonymous, so a
 * client can sign in again without first dropping the header. Everything else, `me`
 * included, still answers 401 UNAUTHENTICATED, with fragments unable to hide a field.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { LOGIN, REFRESH, SIGNUP, signUp, type TestAccount } from '../helpers/accounts';
import { createSchool, unique } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { TEST_JWT_SECRET, testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

/** The account's access token with `exp` in the past (what a client holds after 15 minutes). */
function expired(account: TestAccount): string {
  const claims = jwt.decode(account.accessToken) as Record<string, number>;
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ ...claims, iat: now - 1000, exp: now - 100 }, TEST_JWT_SECRET, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'at+jwt' } });
}

async function staleHeaders(): Promise<[string, string][]> {
  const account = await signUp(app);
  const revoked = await signUp(app);
  (await post(baseUrl, 'mutation { logoutAll }', {}, { authorization: `Bearer ${revoked.accessToken}` })).expectData();
  return [
    ['an expired token', `Bearer ${expired(account)}`],
    ['a revoked token', `Bearer ${revoked.accessToken}`],
    ['garbage', 'Bearer not-a-real-token'],
    ['a malformed header', 'Basic dXNlcjpwYXNz'],
  ];
}

describe('a stale Authorization header', () => {
  it('does not block login, refresh, signup and schools: they run as anonymous', async () => {
    const account = await signUp(app);
    const school = await createSchool(app.db);

    for (const [name, authorization] of await staleHeaders()) {
      const login = await post(baseUrl, LOGIN, { input: { login: account.email, password: account.password } }, { authorization });
      const refreshed = await post(baseUrl, REFRESH, { refreshToken: login.expectData().login.refreshToken }, { authorization });
      const username = unique('n').replace(/-/g, '_').slice(0, 20);
      const signup = await post(baseUrl, SIGNUP, { input: { email: `${username}@example.com`, username, password: 'a-long-password-123' } }, { authorization });
      const schools = await post(baseUrl, 'query($id: ID!) { school(id: $id) { id } schools { id } __typename }', { id: school.id }, { authorization });

      for (const response of [login, refreshed, signup, schools]) expect({ name, status: response.status }).toEqual({ name, status: 200 });
      expect(refreshed.expectData().refresh.user.id).toBe(account.id);
      expect(signup.expectData().signup.user.username).toBe(username);
      expect(schools.expectData().school).toEqual({ id: school.id });
    }
  });

  it('still answers 401 UNAUTHENTICATED to me, to private operations and to any mix, fragments included', async () => {
    const documents = [
      '{ me { id } }',
      '{ sessions { id } }',
      '{ schools { id } me { id } }',
      'query { ...Hidden } fragment Hidden on Query { schools { id } ... on Query { me { id } } }',
      'mutation { logoutAll }',
    ];

    for (const [name, authorization] of await staleHeaders()) {
      for (const document of documents) {
        const response = await post(baseUrl, document, {}, { authorization });

        expect({ name, document, status: response.status, code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message }).toEqual({
          name,
          document,
          status: 401,
          code: 'UNAUTHENTICATED',
          message: 'Invalid or expired access token',
        });
        expect(response.data).toBeUndefined();
      }
    }
  });
});
