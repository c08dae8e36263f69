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
