/**
 * The root operations anyone may call without a token. Every other root field must be
 * `@Authorized()`; assertAuthCoverage (auth-coverage.ts) fails the boot and a test when a
 * root field is neither, or when this list names a field that is authorized or gone.
 */
export const PUBLIC_OPERATIONS = {
  Query: ['me', 'school', 'schools'],
  Mutation: ['login', 'logout', 'refresh', 'requestPasswordReset', 'resetPassword', 'signup', 'verifyEmail', 'verifySchoolEmail'],
  Subscription: [],
} as const satisfies Record<'Query' | 'Mutation' | 'Subscription', readonly string[]>;

/**
 * The public operations whose answer does not depend on who calls. A request made only of
 * these (and `__typename` / introspection) runs as an anonymous caller when its bearer token
 * is invalid, expired or revoked, instead of answering 401: a client holding a stale token
 * must still be able to sign in again (`login`, `refresh`, `signup`…). `me` is public but
 * answers about the caller, so there a bad token is still 401 UNAUTHENTICATED
 * (src/plugins/stale-token.ts).
 */
export const TOKEN_INDEPENDENT_OPERATIONS = {
  Query: ['school', 'schools'],
  Mutation: ['login', 'logout', 'refresh', 'requestPasswordReset', 'resetPassword', 'signup'],
} as const satisfies { [Root in 'Query' | 'Mutation']: readonly (typeof PUBLIC_OPERATIONS)[Root][number][] };
