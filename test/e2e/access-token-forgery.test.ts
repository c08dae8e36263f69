/**
 * Forged, altered and misused access tokens, sent over HTTP as a client would. Every one of
 * them must be refused before execution (401 UNAUTHENTICATED, no `data`), and the refusals
 * must all look the same, so that a caller learns nothing about why its token failed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ME, REFRESH, signUp, type TestAccount } from '../helpers/accounts';
import { post, type HttpResult } from '../helpers/graphql';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { TEST_JWT_SECRET, testConfig } from '../helpers/test-config';

const ME_ID = '{ me { id } }';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig());
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

type Claims = jwt.JwtPayload & { sid: string; role: string };

interface Issued {
  account: TestAccount;
  header: jwt.JwtHeader;
  claims: Claims;
}

/** A real account and the header and claims of the access token the API gave it. */
async function issued(): Promise<Issued> {
  const account = await signUp(app);
  const decoded = jwt.decode(account.accessToken, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw new Error('the API issued an access token that is not a JWT');
  return { account, header: decoded.header, claims: decoded.payload as Claims };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT assembled by hand: any header, any payload, HMAC-SHA256 under `key` (or unsigned). */
function handMade(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | null): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${key === null ? '' : createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** Re-signs `claims` as given (iat/exp/iss/aud/sub/jti are all in the payload). */
function resign(claims: Record<string, unknown>, options: { secret?: string; algorithm?: jwt.Algorithm; header?: Record<string, unknown> } = {}): string {
  const algorithm = options.algorithm ?? 'HS256';
  return jwt.sign(claims, options.secret ?? TEST_JWT_SECRET, {
    algorithm,
    header: { alg: algorithm, typ: 'at+jwt', ...options.header } as jwt.JwtHeader,
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const now = () => Math.floor(Date.now() / 1000);

/** What the API answers to a token it refuses: 401, UNAUTHENTICATED, no data. */
function expectRefused(response: HttpResult<Record<string, unknown>>): void {
  expect({ status: response.status, body: response.text }).toMatchObject({ status: 401 });
  expect(response.expectError('UNAUTHENTICATED').extensions?.code).toBe('UNAUTHENTICATED');
  expect('data' in JSON.parse(response.text)).toBe(false);
}

describe('forged and misused access tokens', () => {
  /** Each case builds its headers from a fresh account (`victim`) and a second one (`other`). */
  const forgeries: [string, (victim: Issued, other: Issued) => Record<string, string>][] = [
    ['alg "none" (unsigned)', (v) => bearer(handMade({ alg: 'none', typ: 'at+jwt' }, v.claims, null))],
    ['the same claims re-signed HS512 with the real secret', (v) => bearer(resign(v.claims, { algorithm: 'HS512' }))],
    ['the same claims re-signed HS384 with the real secret', (v) => bearer(resign(v.claims, { algorithm: 'HS384' }))],
    [
      "a payload changed to another user's id, keeping the original signature",
      (v, other) => {
        const [header, , signature] = v.account.accessToken.split('.');
        return bearer(`${header}.${b64({ ...v.claims, sub: other.account.id })}.${signature}`);
      },
    ],
    ['claims signed with a wrong secret', (v) => bearer(resign(v.claims, { secret: 'not-the-secret-0123456789abcdef0123456789abcdef' }))],
    [
      'no exp (valid signature)',
      (v) => {
        const { exp: _exp, ...rest } = v.claims;
        return bearer(resign(rest));
      },
    ],
    ['exp beyond the clock tolerance (valid signature)', (v) => bearer(resign({ ...v.claims, iat: now() - 900, exp: now() - 60 }))],
    ['a wrong aud (valid signature)', (v) => bearer(resign({ ...v.claims, aud: 'some-other-app' }))],
    ['a wrong iss (valid signature)', (v) => bearer(resign({ ...v.claims, iss: 'someone-else' }))],
    [
      'a header without typ at+jwt (valid signature)',
      (v) => bearer(jwt.sign(v.claims, TEST_JWT_SECRET, { algorithm: 'HS256', header: { alg: 'HS256' } })),
    ],
    // Key-selection attacks: the forger signs with the key their header points to.
    ['kid "../../dev/null" signed with an empty key', (v) => bearer(handMade({ alg: 'HS256', typ: 'at+jwt', kid: '../../dev/null' }, v.claims, ''))],
    ["kid \"' OR 1=1--\" signed with a guessable key", (v) => bearer(handMade({ alg: 'HS256', typ: 'at+jwt', kid: "' OR 1=1--" }, v.claims, '1'))],
    [
      'jku pointing at a key set the forger controls',
      (v) => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return bearer(jwt.sign(v.claims, privateKey, { algorithm: 'RS256', header: { alg: 'RS256', typ: 'at+jwt', jku: 'http://127.0.0.1:9/jwks', kid: 'forged' } as jwt.JwtHeader }));
      },
    ],
    ["the account's refresh token", (v) => bearer(v.account.refreshToken)],
  ];

  it.each(forgeries)('refuses %s with 401 UNAUTHENTICATED and no data', async (_case, forge) => {
    const [victim, other] = [await issued(), await issued()];
    const headers = forge(victim, other);

    const response = await post(baseUrl, ME_ID, {}, headers);

    expectRefused(response);
  });

  it('answers every forged token with the same body, byte for byte', async () => {
    const [victim, other] = [await issued(), await issued()];
    const headers = forgeries.map(([, forge]) => forge(victim, other));

    const responses = await Promise.all(headers.map((h) => post(baseUrl, ME_ID, {}, h)));

    for (const response of responses) expectRefused(response);
    expect(new Set(responses.map((r) => r.text))).toEqual(new Set([responses[0].text]));
  });

  it.each([
    ['garbage after "Bearer "', { authorization: 'Bearer <script>alert(1)</script>' }],
    ['garbage in the shape of a token', { authorization: 'Bearer not.a.jwt' }],
    ['an empty Authorization header', { authorization: '' }],
  ])('refuses %s with 401 UNAUTHENTICATED and no data', async (_case, headers) => {
    const response = await post(baseUrl, ME_ID, {}, headers);

    expectRefused(response);
  });

  it('answers a malformed Authorization header exactly as it answers a forged token', async () => {
    const victim = await issued();
    const forged = await post(baseUrl, ME_ID, {}, bearer(resign(victim.claims, { secret: 'not-the-secret-0123456789abcdef0123456789abcdef' })));

    const garbage = await post(baseUrl, ME_ID, {}, { authorization: 'Bearer <script>alert(1)</script>' });
    const empty = await post(baseUrl, ME_ID, {}, { authorization: '' });

    expectRefused(forged);
    expect(garbage.text).toBe(forged.text);
    expect(empty.text).toBe(forged.text);
  });

  it('accepts the token the API issued (control)', async () => {
    const { account } = await issued();

    const response = await post(baseUrl, ME_ID, {}, bearer(account.accessToken));

    expect(response.status).toBe(200);
    expect(response.expectData()).toEqual({ me: { id: account.id } });
  });

  it('accepts a correctly signed token that expired 2 s ago (within the clock tolerance)', async () => {
    const { account, header, claims } = await issued();
    const token = resign({ ...claims, iat: now() - 900, exp: now() - 2 });
    expect(jwt.decode(token, { complete: true })?.header).toEqual({ ...header, alg: 'HS256', typ: 'at+jwt' });

    const response = await post(baseUrl, ME_ID, {}, bearer(token));

    expect(response.status).toBe(200);
    expect(response.expectData()).toEqual({ me: { id: account.id } });
  });

  it('refuses an access token presented to refresh as a refresh token', async () => {
    const { account } = await issued();

    const response = await post(baseUrl, REFRESH, { refreshToken: account.accessToken });

    response.expectError('UNAUTHENTICATED');
    expect(response.data).toBeNull();
    expect((await post(baseUrl, ME, {}, bearer(account.accessToken))).expectData().me.id).toBe(account.id);
  });
});
