/**
 * docs/security.md scenario 6: graphql-cop's checks re-implemented, plus the extra DoS and limit
 * probes, against the production profile. Every probe gets a 4xx (never a 5xx), no data, no
 * schema hints and nothing internal in its body, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery } from 'graphql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const LEAKS = /stack|prisma|P20\d\d|constraint|relation "|SELECT |at \/|node_modules/i;

interface Probe {
  name: string;
  /** Path and query string after the base URL. */
  path?: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The expected status; any 4xx when omitted. */
  status?: number;
}

const json = { 'content-type': 'application/json' };
const graphql = (query: string, variables?: Record<string, unknown>): Pick<Probe, 'method' | 'headers' | 'body'> => ({
  method: 'POST',
  headers: json,
  body: JSON.stringify({ query, variables }),
});
const fragmentLevels = [0, 1, 2, 3, 4].map((i) => (i === 0 ? 'fragment F0 on Query { __typename }' : `fragment F${i} on Query { ${`...F${i - 1} `.repeat(10)}}`));
const deepFeed = (author: string) =>
  `query($s: ID!) { boards(schoolId: $s, first: 5) { edges { node { posts(first: 20) { edges { node { comments(first: 10) { edges { node {
    replies(first: 10) { edges { node { ${author} } } } } } } } } } } } } }`;
const ids = Array.from({ length: 10_000 }, (_, i) => `p${i}`);

const PROBES: Probe[] = [
  // graphql-cop
  { name: 'introspection', ...graphql(getIntrospectionQuery()), status: 400 },
  { name: 'GraphiQL / Playground page on GET', method: 'GET', headers: { accept: 'text/html' } },
  { name: '101 aliases of __typename (alias overloading)', ...graphql(`{ ${Array.from({ length: 101 }, (_, i) => `a${i}: __typename`).join(' ')} }`), status: 400 },
  { name: 'a JSON batch of 11 operations', method: 'POST', headers: json, body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ __typename }' }))), status: 400 },
  { name: '__typename ×500 (field duplication)', ...graphql(`query cop { ${'__typename '.repeat(500)}}`), status: 400 },
  { name: '__typename @aa ×10 (directive overloading)', ...graphql(`query cop { __typename ${'@aa'.repeat(10)} }`), status: 400 },
  { name: 'circular introspection', ...graphql('{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }'), status: 400 },
  { name: 'field suggestions', ...graphql('{ mee { id } schoolz { id } }'), status: 400 },
  { name: 'GET query without a preflight header (CSRF)', path: `?query=${encodeURIComponent('{ __typename }')}`, method: 'GET', status: 400 },
  {
    name: 'GET mutation',
    path: `?query=${encodeURIComponent('mutation { logoutAll }')}`,
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    status: 405,
  },
  {
    name: 'POST urlencoded query (CSRF)',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `query=${encodeURIComponent('mutation { logoutAll }')}`,
    // Fastify has no parser for forms: refused before Apollo's CSRF check would refuse it.
    status: 415,
  },
  // extras
  { name: 'depth limit + 1, inline', ...graphql(deepFeed('author { school { id } }'), { s: 'x' }), status: 400 },
  {
    name: 'depth limit + 1, through fragments',
    ...graphql(
      `query($s: ID!) { boards(schoolId: $s, first: 5) { edges { node { posts(first: 20) { ...P } } } } }
       fragment P on PostConnection { edges { node { comments(first: 10) { ...C } } } }
       fragment C on CommentConnection { edges { node { replies(first: 10) { ...R } } } }
       fragment R on CommentConnection { edges { node { author { school { id } } } } }`,
      { s: 'x' },
    ),
    status: 400,
  },
  { name: 'fragment explosion', ...graphql(`query Boom { ...F4 } ${fragmentLevels.join(' ')}`), status: 400 },
  { name: '1,200 tokens', ...graphql(`{ ${'__typename '.repeat(1198)}}`), status: 400 },
  { name: 'first: 1000000', ...graphql('query($s: ID!) { boards(schoolId: $s, first: 1000000) { edges { node { id } } } }', { s: 'x' }), status: 400 },
  { name: 'first: -1', ...graphql('query($s: ID!) { boards(schoolId: $s, first: -1) { edges { node { id } } } }', { s: 'x' }), status: 400 },
  { name: 'a 10,000-element ID list in a variable', ...graphql('query($id: ID!) { school(id: $id) { id } }', { id: ids }), status: 400 },
  { name: 'a 10,000-element ID list in the document', ...graphql(`{ school(id: [${ids.map((id) => `"${id}"`).join(',')}]) { id } }`), status: 400 },
  { name: 'a 200 kB body', ...graphql('{ __typename }', { padding: 'x'.repeat(200 * 1024) }), status: 413 },
];

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ NODE_ENV: 'production', BCRYPT_COST: '10', LOG_LEVEL: 'warn' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

describe('query-shape DoS battery (production profile)', () => {
  it.each(PROBES.map((probe) => [probe.name, probe] as const))('refuses %s with a 4xx and nothing to learn from', async (_name, probe) => {
    const response = await fetch(`${baseUrl}/graphql${probe.path ?? ''}`, { method: probe.method, headers: probe.headers, body: probe.body });
    const text = await response.text();
    let body: { data?: unknown; errors?: { message: string }[] } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // 413 and the landing-page refusal may answer without JSON; their text is still checked.
    }

    if (probe.status) expect(response.status).toBe(probe.status);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(body.data ?? null).toBeNull();
    expect(text).not.toMatch(/Did you mean|"__schema"\s*:|"types"|sandbox/i);
    expect(text).not.toMatch(LEAKS);
    if (body.errors) expect(body.errors.length).not.toBe(10);
  });

  it('answers a plain query without tracing extensions, and keeps serving after the battery', async () => {
    for (const probe of PROBES) await fetch(`${baseUrl}/graphql${probe.path ?? ''}`, { method: probe.method, headers: probe.headers, body: probe.body });

    const control = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }' }) });
    const health = await fetch(`${baseUrl}/health`);

    expect([control.status, await control.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
    expect(health.status).toBe(200);
  });
});
