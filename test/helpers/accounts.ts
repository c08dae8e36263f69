/**
 * Accounts made through the real mutations, the way a client gets its tokens.
 */
import type { App } from '../../src/app';
import { unique } from './factories';
import { exec } from './graphql';

export const AUTH_FIELDS = /* GraphQL */ `
  accessToken
  accessTokenExpiresAt
  refreshToken
  refreshTokenExpiresAt
  user { id username nickname email role }
`;

export const SIGNUP = /* GraphQL */ `
  mutation Signup($input: SignupInput!) { signup(input: $input) { ${AUTH_FIELDS} } }
`;
export const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }
`;
export const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String) { refresh(refreshToken: $refreshToken) { ${AUTH_FIELDS} } }
`;
export const ME = /* GraphQL */ `
  query Me { me { id username nickname email role } }
`;

export interface TestAccount {
  id: string;
  email: string;
  username: string;
  /** The name others see (a generated one unless `nickname` was given). */
  nickname: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * Signs up a new account with unique credentials (overridable) and returns its tokens.
 *
 * Like an account that followed its mails, it is then verified directly in the database:
 * its e-mail (unless `verified: false`) and, with `schoolId`, its membership of that school.
 * The verification flows themselves are tested in test/integration/account/verification.test.ts.
 */
export async function signUp(
  app: App,
  overrides: Partial<{ email: string; username: string; password: string; nickname: string; schoolId: string; verified: boolean }> = {},
): Promise<TestAccount> {
  const { schoolId, verified = true, ...fields } = overrides;
  const username = fields.username ?? unique('u').replace(/-/g, '_').slice(0, 20);
  const input = { email: `${username}@example.com`, username, password: 'correct horse battery', ...fields };
  const data = (await exec(app, SIGNUP, { input })).expectData();
  const payload = data.signup;
  if (verified || schoolId) await verifyAccount(app, payload.user.id, { email: verified, schoolId });
  return { id: payload.user.id, email: input.email, username: input.username, nickname: payload.user.nickname, password: input.password, accessToken: payload.accessToken, refreshToken: payload.refreshToken };
}

/**
 * Marks an account's e-mail verified and/or makes it a verified member of `schoolId` (test
 * factory). Sessions are cached for AUTH_SESSION_CACHE_MS: call it before the account's token
 * is first used, or in an app with that cache off.
 */
export async function verifyAccount(app: App, userId: string, what: { email?: boolean; schoolId?: string }): Promise<void> {
  const now = new Date();
  await app.db.user.update({
    where: { id: userId },
    data: { ...(what.email ? { emailVerifiedAt: now } : {}), ...(what.schoolId ? { schoolId: what.schoolId, schoolVerifiedAt: now } : {}) },
  });
}

/** Signs in again (a second device): a new session of the same account. */
export async function logIn(app: App, account: Pick<TestAccount, 'username' | 'password'>): Promise<{ accessToken: string; refreshToken: string }> {
  const data = (await exec(app, LOGIN, { input: { login: account.username, password: account.password } })).expectData();
  return { accessToken: data.login.accessToken, refreshToken: data.login.refreshToken };
}
