import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { ConfigError, loadConfig } from '../../src/config';
import { canonicalDocument, loadTrustedDocuments, normalizeHash, TRUSTED_DOCUMENTS_MANIFEST, TrustedDocuments } from '../../src/plugins/trusted-documents';

const SCHOOLS = 'fragment F on School { __typename id name } query Schools($search: String) { schools(search: $search) { __typename ...F } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const canonical = (text: string) => canonicalDocument(parse(text));

describe('canonicalDocument', () => {
  it('ignores layout, comments, __typename and the order of definitions, selections and arguments', () => {
    const apolloPrinted = `query Schools($search: String) {\n  schools(search: $search) {\n    ...F\n  }\n}\n\n# a comment\nfragment F on School {\n  name,\n  id\n}`;

    expect(canonical(apolloPrinted)).toBe(canonical(SCHOOLS));
    expect(canonical('{ a(x: 1, y: 2) { b c } }')).toBe(canonical('{ a(y: 2, x: 1) { c b __typename } }'));
  });

  it('tells apart documents that ask for different things', () => {
    const variants = [
      SCHOOLS.replace('id name', 'id name region'),
      SCHOOLS.replace('query Schools', 'query Other'),
      SCHOOLS.replace('schools(search: $search)', 'renamed: schools(search: $search)'),
      SCHOOLS.replace('__typename id', 't: __typename id'),
      '{ a(x: 1) { b } }',
    ];

    expect(new Set([canonical(SCHOOLS), ...variants.map(canonical)]).size).toBe(variants.length + 1);
    expect(canonical('{ a(x: 2) { b } }')).not.toBe(canonical('{ a(x: 1) { b } }'));
  });
});

describe('TrustedDocuments', () => {
  const documents = new TrustedDocuments({ [`sha256:${sha256(SCHOOLS)}`]: SCHOOLS });

  it('finds a document by its hash, with or without the sha256: prefix', () => {
    expect(documents.document(`sha256:${sha256(SCHOOLS)}`)).toBe(SCHOOLS);
    expect(documents.document(sha256(SCHOOLS).toUpperCase())).toBe(SCHOOLS);
    expect(documents.document(sha256('{ x }'))).toBeUndefined();
    expect(normalizeHash('SHA256:ABC')).toBe('abc');
  });

  it('trusts the exact text and equivalent texts, nothing else', () => {
    const off = { introspection: false };

    expect(documents.trusts(SCHOOLS, off)).toBe(true);
    expect(documents.trusts('query Schools($search: String) { schools(search: $search) { ...F } } fragment F on School { name id }', off)).toBe(true);
    expect(documents.trusts(SCHOOLS.replace('id name', 'id name region'), off)).toBe(false);
    expect(documents.trusts('not graphql {', off)).toBe(false);
    expect(documents.trusts(`{ ${'a '.repeat(3000)}}`, off)).toBe(false);
  });

  it('trusts documents that only introspect, only while introspection is enabled', () => {
    const introspection = 'query IntrospectionQuery { __schema { types { name } } }';

    expect(documents.trusts(introspection, { introspection: true })).toBe(true);
    expect(documents.trusts(introspection, { introspection: false })).toBe(false);
    expect(documents.trusts('{ __schema { types { name } } schools { id } }', { introspection: true })).toBe(false);
  });

  it('refuses a manifest whose hash does not match its document', () => {
    expect(() => new TrustedDocuments({ [`sha256:${sha256('{ other }')}`]: SCHOOLS })).toThrow(/does not have that hash/);
  });

  it('fails clearly when the configured manifest cannot be read', () => {
    expect(() => loadTrustedDocuments({ mode: 'enforce', manifestPath: '/nonexistent/persisted-documents.json' })).toThrow(
      /Cannot read the trusted-document manifest \/nonexistent\/persisted-documents.json \(run `npm run codegen`\)/,
    );
  });

  it('loads the committed manifest by default', () => {
    const committed = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../..', TRUSTED_DOCUMENTS_MANIFEST), 'utf8')) as object;

    expect(loadTrustedDocuments({ mode: 'enforce', manifestPath: undefined })?.size).toBe(Object.keys(committed).length);
  });
});

describe('TRUSTED_DOCUMENTS', () => {
  it('is allow by default, in production too (enforcing is a deliberate choice), and accepts only allow or enforce', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-long-enough-000', DATABASE_URL: 'postgresql://u@db:5432/app', MAIL_TRANSPORT: 'log', STORAGE_DRIVER: 'local' };

    expect(loadConfig({}).trustedDocuments).toEqual({ mode: 'allow', manifestPath: undefined });
    expect(loadConfig(production).trustedDocuments.mode).toBe('allow');
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_MANIFEST: 'm.json' }).trustedDocuments).toEqual({ mode: 'enforce', manifestPath: 'm.json' });
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'strict' })).toThrow(ConfigError);
  });
});
