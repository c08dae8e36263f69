/**
 * The optional refresh-token cookie (AUTH_REFRESH_COOKIE=true), over HTTP as a browser
 * would use it: set on sign-in, rotated by `refresh`, cleared by `logout`. Node's fetch keeps
 * no cookie jar, so the tests carry the cookie by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, REFRESH, signUp, type TestAccount } from '../helpers/accounts';
import { post, type HttpResult } from '../helpers/graphql';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { testConfig } from '../helpers/test-config';

const COOKIE = 'campus_refresh';
const REFRESH_FROM_COOKIE = 'mutation { refresh { accessToken refreshToken user { id } } }';
const LOGOUT_FROM_COOKIE = 'mutation { logout }';

interface SetCookie {
  value: string;
  /** Attribute names in lower case → value ('' for flags). */
  attributes: Map<string, string>;
}

/** The Set-Cookie headers of a response for the refresh cookie. */
function refreshCookies(response: HttpResult<unknown>): SetCookie[] {
  return response.headers
    .getSetCookie()
    .filter((header) => header.startsWith(`${COOKIE}=`))
    .map((header) => {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      return {
        value: pair.slice(COOKIE.length + 1),
        attributes: new Map(
          attributes.map((attribute) => {
            const eq = attribute.indexOf('=');
            return eq === -1 ? [attribute.toLowerCase(), ''] : [attribute.slice(0, eq).toLowerCase(), attribute.slice(eq + 1)];
          }),
        ),
      };
    });
}

/** The one refresh cookie a response sets, failing the test unless there is exactly one. */
function theRefreshCookie(response: HttpResult<unknown>): SetCookie {
  const cookies = refreshCookies(response);
  expect({ count: cookies.length, setCookie: response.headers.getSetCookie() }).toMatchObject({ count: 1 });
  return cookies[0];
}

const withCookie = (value: string) => ({ cookie: `${COOKIE}=${value}` });

describe('refresh cookie transport on', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ AUTH_REFRESH_COOKIE: 'true' }));
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  async function loginOverHttp(account: TestAccount): Promise<HttpResult<Record<string, any>>> {
    const response = await post(baseUrl, LOGIN, { input: { login: account.username, password: account.password } });
    response.expectData();
    return response;
  }

  it('sets the refresh token on login as an HttpOnly, Secure, SameSite=Strict cookie scoped to /graphql', async () => {
    const account = await signUp(app);

    const response = await loginOverHttp(account);

    const cookie = theRefreshCookie(response);
    expect(cookie.value).toBe(response.expectData().login.refreshToken);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.has('secure')).toBe(true);
    expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('strict');
    expect(cookie.attributes.get('path')).toBe('/graphql');
    expect(Date.parse(cookie.attributes.get('expires') ?? '')).toBeGreaterThan(Date.now());
  });

  it('refreshes with the cookie alone and sets a new, different cookie', async () => {
    const account = await signUp(app);
    const first = theRefreshCookie(await loginOverHttp(account));

    const response = await post(baseUrl, REFRESH_FROM_COOKIE, {}, withCookie(first.value));

    const data = response.expectData();
    expect(data.refresh.user.id).toBe(account.id);
    const second = theRefreshCookie(response);
    expect(second.value).not.toBe(first.value);
    expect(second.value).toBe(data.refresh.refreshToken);
    expect(second.attributes.has('httponly')).toBe(true);
  });

  it('no longer accepts a cookie value once it has been exchanged', async () => {
    const account = await signUp(app);
    const first = theRefreshCookie(await loginOverHttp(account));
    (await post(baseUrl, REFRESH_FROM_COOKIE, {}, withCookie(first.value))).expectData();

    const replay = await post(baseUrl, REFRESH_FROM_COOKIE, {}, withCookie(first.value));

    replay.expectError('UNAUTHENTICATED');
    expect(replay.data).toBeNull();
  });

  it('logs out with the cookie alone: clears the cookie and ends the session', async () => {
    const account = await signUp(app);
    const cookie = theRefreshCookie(await loginOverHttp(account));

    const response = await post(baseUrl, LOGOUT_FROM_COOKIE, {}, withCookie(cookie.value));

    expect(response.expectData()).toEqual({ logout: true });
    const cleared = theRefreshCookie(response);
    const expires = cleared.attributes.get('expires');
    const maxAge = cleared.attributes.get('max-age');
    expect({ expired: (expires !== undefined && Date.parse(expires) <= Date.now()) || maxAge === '0', expires, maxAge }).toMatchObject({ expired: true });
    expect(cleared.attributes.get('path')).toBe('/graphql');
    (await post(baseUrl, REFRESH, { refreshToken: cookie.value })).expectError('UNAUTHENTICATED');
    (await post(baseUrl, REFRESH_FROM_COOKIE, {}, withCookie(cookie.value))).expectError('UNAUTHENTICATED');
  });
});

describe('refresh cookie transport off (default)', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig());
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  it('sets no cookie on login', async () => {
    const account = await signUp(app);

    const response = await post(baseUrl, LOGIN, { input: { login: account.username, password: account.password } });

    expect(response.expectData().login.refreshToken).toEqual(expect.any(String));
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('ignores a refresh cookie sent anyway', async () => {
    const account = await signUp(app);

    const response = await post(baseUrl, REFRESH_FROM_COOKIE, {}, withCookie(account.refreshToken));

    response.expectError('UNAUTHENTICATED');
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
