import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Registry } from '../../../src/container';
import { createSchema, printSortedSchema } from '../../../src/schema';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', 'schema.graphql');

async function schema(): Promise<GraphQLSchema> {
  return createSchema(new Registry());
}

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:emit` after changing the API)', async () => {
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');

    expect(printSortedSchema(await schema())).toBe(committed);
  });
});

describe('the error contract', () => {
  it('exposes the closed set of error codes as the ErrorCode enum', async () => {
    const errorCode = (await schema()).getType('ErrorCode');

    expect(errorCode && 'getValues' in errorCode ? errorCode.getValues().map((v) => v.name).sort() : null).toEqual(
      [
        'ACCOUNT_SUSPENDED', 'BAD_USER_INPUT', 'CONFLICT', 'EMAIL_NOT_VERIFIED', 'FORBIDDEN', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED',
        'INTERNAL_SERVER_ERROR', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'UNAUTHENTICATED',
      ],
    );
  });
});

/** Token fields a client must receive: the sign-in payload only. */
const ALLOWED_TOKEN_FIELDS = new Set(['AuthPayload.accessToken', 'AuthPayload.refreshToken', 'AuthPayload.accessTokenExpiresAt', 'AuthPayload.refreshTokenExpiresAt']);

describe('sensitive fields', () => {
  it('no output type has a field that could expose a password, hash, token or secret', async () => {
    const s = await schema();
    const roots = new Set([s.getQueryType(), s.getMutationType(), s.getSubscriptionType()].map((t) => t?.name));

    const offending = Object.values(s.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name))
      .flatMap((type) => Object.keys((type as GraphQLObjectType).getFields()).map((field) => `${type.name}.${field}`))
      .filter((name) => /password|hash|secret|token/i.test(name.split('.')[1]) && !ALLOWED_TOKEN_FIELDS.has(name));

    expect(offending).toEqual([]);
  });
});
