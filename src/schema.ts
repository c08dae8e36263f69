/**
 * Builds the executable schema from the resolver classes and checks, before anything is
 * served, that every root operation is guarded or explicitly public.
 */
import { GraphQLEnumType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { assertAuthCoverage } from './auth/auth-coverage';
import { ErrorCode } from './shared/errors';
import { validateArgs } from './shared/validate-args';
import { resolvers } from './modules';

const ERROR_CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'No valid access token: sign in, or refresh the access token and retry once.',
  FORBIDDEN: 'Signed in, but not allowed to do this.',
  EMAIL_NOT_VERIFIED: 'Forbidden until the account verifies its e-mail address (posting, commenting, messaging, liking, scrapping, reporting); `requestEmailVerification` resends the mail.',
  NOT_FOUND: 'The object does not exist, or the viewer may not see it.',
  BAD_USER_INPUT: 'An argument is invalid; `extensions.fields` lists each field and what is wrong.',
  CONFLICT: 'The change conflicts with existing data (e.g. an e-mail already in use); `extensions.fields` names the field.',
  RATE_LIMITED: 'Too many requests; retry after `extensions.retryAfterSeconds`.',
  ACCOUNT_SUSPENDED: 'The account is suspended by STAFF (sign-in and refresh); `extensions.suspendedUntil` is when it ends (null: until lifted).',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not match the schema or exceeds a query limit.',
  INTERNAL_SERVER_ERROR: 'A fault on the server; `extensions.requestId` identifies it in the logs.',
  SERVICE_UNAVAILABLE: 'The database cannot be reached for now (HTTP 503); retry after `extensions.retryAfterSeconds` (also the Retry-After header).',
};

/** The closed set of `extensions.code` values, exposed so clients can generate a type. */
const ErrorCodeEnum = new GraphQLEnumType({
  name: 'ErrorCode',
  description: 'Every value `errors[].extensions.code` can take in a response.',
  values: Object.fromEntries(Object.values(ErrorCode).map((code) => [code, { value: code, description: ERROR_CODE_DESCRIPTIONS[code] }])),
});

const TOPICS_UNSUPPORTED = {
  publish(): never {
    throw new Error('Topic-based subscriptions are not used: give @Subscription a `subscribe` function');
  },
  subscribe(): never {
    throw new Error('Topic-based subscriptions are not used: give @Subscription a `subscribe` function');
  },
};

export async function createSchema(container: ContainerType): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers,
    container,
    authChecker,
    // TypeGraphQL 2 validates nothing unless asked (see validate-args for why not `validate`).
    validateFn: validateArgs,
    // Every @Subscription gives its own `subscribe` (src/realtime/streams.ts); TypeGraphQL still
    // wants a PubSub for topic-based ones, of which there are none: refuse them loudly.
    pubSub: TOPICS_UNSUPPORTED,
  });
  assertAuthCoverage(built, resolvers);
  const config = built.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, ErrorCodeEnum] });
}

/** The SDL committed as schema.graphql: sorted, so that diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
