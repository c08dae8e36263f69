/**
 * TRUST_PROXY over real HTTP, with forged X-Forwarded-For both ways: ignored when the proxy
 * is not trusted (off, or a request not from a listed proxy), believed (from the right) when
 * it is. What it changes is what the per-IP limits count and what Session.ip records.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN, signUp } from '../helpers/accounts';
import { unique } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { testConfig } from '../helpers/test-config';

/** Signs in over HTTP with these headers and answers the address its new session recorded. */
async function sessionIpOf(app: TestApp, baseUrl: string, headers: Record<string, string>): Promise<string | null> {
  const account = await signUp(app);
  const response = await post(baseUrl, LOGIN, { input: { login: account.username, password: account.password } }, headers);
  const { login } = response.expectData();
  const sessions = await app.db.session.findMany({ where: { userId: login.user.id }, orderBy: { createdAt: 'desc' }, take: 1 });
  return sessions[0]?.ip ?? null;
}

const REQUEST_RESET = 'mutation R($email: String!) { requestPasswordReset(email: $email) }';

/** Password-reset requests over HTTP (limited to 2 per IP here), each from the X-Forwarded-For given: the statuses. */
async function limitedStatuses(baseUrl: string, forwardedFor: string[]): Promise<number[]> {
  const statuses = [];
  for (const xff of forwardedFor) {
    const response = await post(baseUrl, REQUEST_RESET, { email: `${unique('nobody')}@example.com` }, { 'x-forwarded-for': xff });
    statuses.push(response.status);
  }
  return statuses;
}

function useApp(overrides: Record<string, string>) {
  const state = {} as { app: TestApp; baseUrl: string };
  beforeAll(async () => {
    state.app = await createTestApp(testConfig({ RATE_LIMIT_PASSWORD_RESET_PER_IP: '2', ...overrides }));
    state.baseUrl = await state.app.listen();
  });
  afterAll(() => state.app.stop());
  return state;
}

describe('TRUST_PROXY off (the default)', () => {
  const s = useApp({});

  it('ignores a forged X-Forwarded-For: the session records the socket address', async () => {
    expect(await sessionIpOf(s.app, s.baseUrl, { 'x-forwarded-for': '203.0.113.9' })).toBe('127.0.0.1');
  });

  it('counts the per-IP limit against the socket address, whatever X-Forwarded-For claims', async () => {
    expect(await limitedStatuses(s.baseUrl, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([200, 200, 429]);
  });
});

describe('TRUST_PROXY as a list of proxy addresses (127.0.0.1/32)', () => {
  const s = useApp({ TRUST_PROXY: '127.0.0.1/32' });

  it('believes the proxy: the client is the rightmost address that is not a trusted proxy', async () => {
    expect(await sessionIpOf(s.app, s.baseUrl, { 'x-forwarded-for': '203.0.113.9' })).toBe('203.0.113.9');
    // A client that forges its own header: the proxy appends the real address on the right.
    expect(await sessionIpOf(s.app, s.baseUrl, { 'x-forwarded-for': '1.2.3.4, 203.0.113.10' })).toBe('203.0.113.10');
    expect(await sessionIpOf(s.app, s.baseUrl, { 'x-forwarded-for': '203.0.113.11, 127.0.0.1' })).toBe('203.0.113.11');
    expect(await sessionIpOf(s.app, s.baseUrl, {})).toBe('127.0.0.1');
  });

  it('counts the per-IP limit per client behind the proxy', async () => {
    expect(await limitedStatuses(s.baseUrl, ['203.0.113.21', '203.0.113.22', '203.0.113.23'])).toEqual([200, 200, 200]);
    expect(await limitedStatuses(s.baseUrl, ['9.9.9.9, 203.0.113.24', '8.8.8.8, 203.0.113.24', '203.0.113.24'])).toEqual([200, 200, 429]);
  });
});

describe('TRUST_PROXY naming proxies the request does not come from (10.0.0.0/8)', () => {
  const s = useApp({ TRUST_PROXY: '10.0.0.0/8' });

  it('ignores X-Forwarded-For from anyone else, forged or not', async () => {
    expect(await sessionIpOf(s.app, s.baseUrl, { 'x-forwarded-for': '203.0.113.9' })).toBe('127.0.0.1');
    expect(await limitedStatuses(s.baseUrl, ['203.0.113.31', '203.0.113.32', '203.0.113.33'])).toEqual([200, 200, 429]);
  });
});

describe('TRUST_PROXY as a hop count (1)', () => {
  const s = useApp({ TRUST_PROXY: '1' });

  it('takes the address one hop from the right: what the proxy appended, not what the client forged', async () => {
    expect(await sessionIpOf(s.app, s.baseUrl, { 'x-forwarded-for': '1.2.3.4, 203.0.113.40' })).toBe('203.0.113.40');
    expect(await sessionIpOf(s.app, s.baseUrl, { 'x-forwarded-for': '203.0.113.41' })).toBe('203.0.113.41');
  });
});
