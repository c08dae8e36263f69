/**
 * The example client operations (client/operations) and what codegen makes of them
 * (client/generated): valid against the committed schema, covering every root operation,
 * committed exactly as `npm run codegen` writes them, and listed in the trusted-document
 * manifest under the SHA-256 of their text.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, concatAST, isObjectType, Kind, parse, validate, type DocumentNode, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { run } from '../../helpers/run';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OPERATIONS_DIR = path.join(ROOT, 'client', 'operations');
const MANIFEST = path.join(ROOT, 'client', 'generated', 'gql', 'persisted-documents.json');

function schema(): GraphQLSchema {
  return buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
}

/** Every example file, as one document (fragments are shared across files). */
function examples(): DocumentNode {
  const files = fs.readdirSync(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql'));
  return concatAST(files.sort().map((file) => parse(fs.readFileSync(path.join(OPERATIONS_DIR, file), 'utf8'))));
}

const ROOT_TYPE = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

function operations(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

describe('client/operations/*.graphql', () => {
  it('validate against schema.graphql', () => {
    const errors = validate(schema(), examples());

    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it('use every query, mutation and subscription of the API at least once', () => {
    const s = schema();
    const used = new Set(
      operations(examples()).flatMap((operation) =>
        operation.selectionSet.selections.flatMap((selection) =>
          selection.kind === Kind.FIELD ? [`${ROOT_TYPE[operation.operation]}.${selection.name.value}`] : [],
        ),
      ),
    );
    const roots = [s.getQueryType(), s.getMutationType(), s.getSubscriptionType()].flatMap((type) =>
      type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
    );

    expect(roots.filter((field) => !used.has(field))).toEqual([]);
    expect(roots.filter((field) => field.startsWith('Subscription.')).length).toBeGreaterThan(0);
  });

  it('can rely on a normalised cache: every entity type has a non-null id (the others are pages and payloads)', () => {
    const s = schema();
    // Slots are values embedded in their lecture or timetable, not entities; ReportReason a value
    // inside its ModerationItem (which has the id), like PageInfo in a page.
    const valueTypes = /^(Query|Mutation|Subscription|PageInfo|AuthPayload|UploadTicket|HttpHeader|ReportReason|.+Connection|.+Edge|.+Slot)$/;

    const withoutId = Object.values(s.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && !valueTypes.test(type.name))
      .filter((type) => String(type.getFields().id?.type) !== 'ID!')
      .map((type) => type.name);

    expect(withoutId).toEqual([]);
  });

  it('give every operation a unique name (the generated hooks and documents are named after it)', () => {
    const names = operations(examples()).map((operation) => operation.name?.value);

    expect(names.filter((name, index) => !name || names.indexOf(name) !== index)).toEqual([]);
  });
});

describe('client/generated', () => {
  it('is exactly what `npm run codegen` writes from schema.graphql and the operations', async () => {
    const result = await run(path.join(ROOT, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.yml', '--check'], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });

    // On failure: run `npm run codegen` and commit client/generated.
    expect({ code: result.code, stale: result.stdout.split('stale files were detected:')[1]?.trim() }).toEqual({ code: 0, stale: undefined });
  });

  it('lists every example operation in the trusted-document manifest, keyed by the sha256 of its text', () => {
    const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, string>;

    const entries = Object.entries(manifest).map(([hash, text]) => ({
      hash,
      hashMatches: hash === `sha256:${createHash('sha256').update(text).digest('hex')}`,
      operation: operations(parse(text)).map((operation) => operation.name?.value),
    }));

    expect(entries.filter((entry) => !entry.hashMatches)).toEqual([]);
    expect(entries.flatMap((entry) => entry.operation).sort()).toEqual(operations(examples()).map((operation) => operation.name?.value).sort());
  });
});
