/**
 * TRUSTED_DOCUMENTS (docs/security.md A11) over HTTP: `allow` runs anything and serves manifest
 * documents by hash; `enforce` runs only manifest documents, by hash or as full documents.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { SchoolsDocument } from '../../client/generated/gql/graphql';
import { createSchool, unique } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const MANIFEST = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../client/generated/gql/persisted-documents.json'), 'utf8')) as Record<string, string>;

/** The manifest entry of the operation `name`: its `sha256:<hex>` key and document text. */
function trusted(name: string): { hash: string; hex: string; document: string } {
  const entry = Object.entries(MANIFEST).find(([, text]) =>
    parse(text).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name),
  );
  if (!entry) throw new Error(`no trusted document for ${name}`);
  return { hash: entry[0], hex: entry[0].replace('sha256:', ''), document: entry[1] };
}

/** A request that names its document by hash only, as Apollo's persisted-query link sends it. */
async function byHash(baseUrl: string, hash: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const UNTRUSTED = { code: 'GRAPHQL_VALIDATION_FAILED', message: expect.stringMatching(/^Only trusted documents are accepted/) };

let allow: TestApp;
let enforce: TestApp;
let allowUrl: string;
let enforceUrl: string;
beforeAll(async () => {
  [allow, enforce] = await Promise.all([createTestApp(testConfig()), createTestApp(testConfig({ TRUSTED_DOCUMENTS: 'enforce' }))]);
  [allowUrl, enforceUrl] = await Promise.all([allow.listen(), enforce.listen()]);
});
afterAll(() => Promise.all([allow.stop(), enforce.stop()]));

describe('TRUSTED_DOCUMENTS=allow (the default)', () => {
  it('runs a document that is not in the manifest', async () => {
    const school = await createSchool(allow.db);

    const response = await post(allowUrl, 'query($id: ID!) { school(id: $id) { name } }', { id: school.id });

    expect(response.status).toBe(200);
    expect(response.expectData()).toEqual({ school: { name: school.name } });
  });

  it('runs a manifest document sent by its hash alone, in either hash form', async () => {
    const school = await createSchool(allow.db);
    const { hash, hex } = trusted('School');

    const prefixed = await byHash(allowUrl, hash, { id: school.id });
    const bare = await byHash(allowUrl, hex, { id: school.id });

    expect(prefixed).toMatchObject({ status: 200, body: { data: { school: { id: school.id, name: school.name } } } });
    expect(bare).toMatchObject({ status: 200, body: { data: { school: { id: school.id } } } });
  });

  it('answers an unknown hash with PersistedQueryNotFound, so that an APQ client sends the document', async () => {
    const response = await byHash(allowUrl, createHash('sha256').update('{ schools { id } }').digest('hex'));

    expect(response.status).toBe(200);
    expect(response.body.errors?.[0].message).toBe('PersistedQueryNotFound');
  });
});

describe('TRUSTED_DOCUMENTS=enforce', () => {
  it('runs a manifest document sent as its exact text', async () => {
    const school = await createSchool(enforce.db);

    const response = await post(enforceUrl, trusted('School').document, { id: school.id });

    expect(response.status).toBe(200);
    expect(response.expectData()).toMatchObject({ school: { id: school.id, name: school.name, allowsClubBoards: false } });
  });

  it('runs a manifest document as Apollo Client prints it (other layout and order), and as written in client/operations', async () => {
    const school = await createSchool(enforce.db, { name: unique('신한대') });
    const written = `query Schools($search: String) {\n  schools(search: $search) { ...SchoolFields }\n}\n\nfragment SchoolFields on School {\n  id\n  name\n  region\n  domain\n  allowsClubBoards\n}\n`;

    const printed = await post(enforceUrl, print(SchoolsDocument), { search: school.name });
    const asWritten = await post(enforceUrl, written, { search: school.name });

    expect(printed.status).toBe(200);
    expect(printed.expectData().schools).toEqual([expect.objectContaining({ id: school.id, __typename: 'School' })]);
    expect(asWritten.expectData().schools).toEqual([expect.objectContaining({ id: school.id })]);
  });

  it('runs a manifest document sent by its hash alone, in either hash form', async () => {
    const school = await createSchool(enforce.db);
    const { hash, hex } = trusted('School');

    const prefixed = await byHash(enforceUrl, hash, { id: school.id });
    const bare = await byHash(enforceUrl, hex, { id: school.id });

    expect(prefixed).toMatchObject({ status: 200, body: { data: { school: { id: school.id } } } });
    expect(bare).toMatchObject({ status: 200, body: { data: { school: { id: school.id } } } });
  });

  it('refuses a document that is not in the manifest with 400 and does not run it', async () => {
    const username = unique('u').replace(/-/g, '_');
    const signup = 'mutation Signup($input: SignupInput!) { signup(input: $input) { accessToken } }';

    const response = await post(enforceUrl, signup, { input: { email: `${username}@example.com`, username, password: 'correct horse battery' } });

    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([{ message: UNTRUSTED.message, extensions: { code: UNTRUSTED.code } }]);
    expect(await enforce.db.user.count({ where: { username } })).toBe(0);
  });

  it('refuses a trusted document with one more field, and one sent under a trusted hash', async () => {
    const { document, hex } = trusted('Schools');
    const widened = document.replace('allowsClubBoards', 'allowsClubBoards createdAt');
    const hijack = { query: widened, extensions: { persistedQuery: { version: 1, sha256Hash: hex } } };

    const changed = await post(enforceUrl, widened);
    const underTrustedHash = await fetch(`${enforceUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hijack) });

    expect(changed.status).toBe(400);
    expect(changed.errors?.[0]).toMatchObject({ message: UNTRUSTED.message, extensions: { code: UNTRUSTED.code } });
    expect(underTrustedHash.status).toBe(400);
    expect(((await underTrustedHash.json()) as { errors: unknown[] }).errors[0]).toMatchObject({ extensions: { code: UNTRUSTED.code } });
  });

  it('refuses an unknown hash with 400', async () => {
    const response = await byHash(enforceUrl, `sha256:${createHash('sha256').update('{ schools { id } }').digest('hex')}`);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ message: UNTRUSTED.message, extensions: { code: UNTRUSTED.code } }]);
  });

  it('still answers introspection while it is enabled (Apollo Sandbox in development)', async () => {
    const response = await post(enforceUrl, 'query IntrospectionQuery { __schema { queryType { name } } }');

    expect(response.status).toBe(200);
    expect(response.expectData()).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('accepts every manifest document by hash: each passes the server validation and query limits', async () => {
    const refused = [];
    for (const [hash, text] of Object.entries(MANIFEST)) {
      const name = parse(text).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)?.name?.value;
      const response = await byHash(enforceUrl, hash);
      // Without variables or a token an operation may fail on its input or on auth, never on its document.
      const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
      if (codes.some((code) => code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED')) refused.push({ name, errors: response.body.errors });
    }

    expect(refused).toEqual([]);
  });
});
