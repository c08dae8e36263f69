/**
 * `npm run build && node bench/library-comparison.mjs`: our query-cost function and our
 * trusted-document canonical form against the libraries that could replace them, timed on
 * the repo's own client operations (client/generated/gql/persisted-documents.json, every
 * document the web client sends). Prints µs per document (median of 7 rounds) and whether
 * the results agree. Nothing is asserted: the figures go into the comments of
 * src/plugins/query-limits.ts and src/plugins/trusted-documents.ts and docs/architecture.md.
 *
 * - cost: `operationCost` vs graphql-query-complexity's `getComplexity` with an estimator
 *   written to our rule (1 per field, 1 + first × children for pages);
 * - canonical form: `canonicalDocument` vs @apollo/utils.sortast's `sortAST` + print.
 * Both libraries are already installed as dependencies of type-graphql and @apollo/server.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSchema, isEnumType, isInputObjectType, isListType, isNonNullType, Kind, parse, print, stripIgnoredCharacters, typeFromAST } from 'graphql';

const require = createRequire(import.meta.url);
const { getComplexity } = require('graphql-query-complexity');
const { sortAST } = require('@apollo/utils.sortast');
const { operationCost } = require('../dist/src/plugins/query-limits.js');
const { canonicalDocument } = require('../dist/src/plugins/trusted-documents.js');

const root = new URL('..', import.meta.url);
const schema = buildSchema(readFileSync(new URL('schema.graphql', root), 'utf8'));
const manifest = JSON.parse(readFileSync(new URL('client/generated/gql/persisted-documents.json', root), 'utf8'));
const documents = Object.values(manifest).map((text) => parse(text));

/** A value of `type` with every required part filled in (graphql-query-complexity coerces variables). */
function sample(type) {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(required.map((field) => [field.name, sample(field.type)]));
  }
  return { Int: 1, Float: 1, Boolean: false, DateTime: '2026-01-01T00:00:00.000Z' }[type.name] ?? 'x';
}

const operations = documents.map((document) => {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const variables = Object.fromEntries(
    (operation.variableDefinitions ?? [])
      .filter((definition) => definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue)
      .map((definition) => [definition.variable.name.value, sample(typeFromAST(schema, definition.type))]),
  );
  return { document, operation, variables };
});

const ourRule = ({ field, args, childComplexity, node }) => {
  if (!node.selectionSet || !field.args.some((arg) => arg.name === 'first')) return 1 + childComplexity;
  const declared = field.args.find((arg) => arg.name === 'first').defaultValue;
  const first = typeof args.first === 'number' ? args.first : typeof declared === 'number' ? declared : 20;
  return 1 + first * childComplexity;
};

/** µs per document: the median of 7 rounds of `repeat` passes over every document. */
function time(fn, repeat = 200) {
  for (let i = 0; i < 20; i += 1) operations.forEach(fn);
  const rounds = [];
  for (let round = 0; round < 7; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i += 1) operations.forEach(fn);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / (repeat * operations.length));
  }
  return rounds.sort((a, b) => a - b)[3];
}

const ours = (o) => operationCost(schema, o.document, o.operation, o.variables);
const library = (o) => getComplexity({ schema, query: o.document, estimators: [ourRule], operationName: o.operation.name?.value, variables: o.variables });
const disagreeing = operations.filter((o) => ours(o) !== library(o)).map((o) => `${o.operation.name?.value}: ${ours(o)} vs ${library(o)}`);

const canonical = (o) => canonicalDocument(o.document);
const sorted = (o) => stripIgnoredCharacters(print(sortAST(o.document)));

console.log(`${operations.length} documents (node ${process.version})`);
console.log(`cost       operationCost ${time(ours).toFixed(1)} µs   graphql-query-complexity ${time(library).toFixed(1)} µs   disagree on ${disagreeing.length}: ${disagreeing.join('; ')}`);
console.log(`canonical  canonicalDocument ${time(canonical).toFixed(1)} µs   sortAST + print ${time(sorted).toFixed(1)} µs`);
