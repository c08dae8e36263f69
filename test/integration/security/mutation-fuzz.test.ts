/**
 * Property-based fuzzing of every mutation (docs/security.md H4): for each field of the schema's
 * Mutation type, variables are generated from its argument types (strings empty, huge, full
 * Unicode or injection-shaped; integers at the 32-bit extremes; random or real ids; every
 * enum value) and run through the real pipeline as a signed-in member of a school.
 *
 * Properties: no response ever carries INTERNAL_SERVER_ERROR (or a code outside the closed
 * set), and a call that fails leaves the row count of every table unchanged.
 *
 * Reproducible: the seed is fixed (FUZZ_SEED overrides it) and printed with any failure.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import type {
  GraphQLScalarType} from 'graphql';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  getNamedType,
  isCompositeType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { ErrorCode } from '../../../src/shared/errors';
import { logIn, signUp, type TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { testConfig } from '../../helpers/test-config';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { workerDatabaseUrl } from '../../setup/test-database';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const RUNS_PER_MUTATION = 30;
const CODES = new Set<string>(Object.values(ErrorCode));

let app: TestApp;
let viewer: TestAccount;
let schoolId: string;
/** Real ids of rows the viewer can see or reach, mixed into the random ones. */
let knownIds: string[];
/** SELECT returning one row: the row count of every table. */
let countsSql: string;

/** A connection of the test's own, for assertions on the database. */
let observer: pg.Client;

async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await observer.query<Record<string, number>>(countsSql);
  return rows[0];
}

beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
  schoolId = (await createCommunitySchool(app.db, { allowsClubBoards: true })).id;
  viewer = await member(app, schoolId);
  const other = await member(app, schoolId);
  const outsider = await signUp(app);
  const board = await createBoard(app.db, { schoolId });
  const ownBoard = await createBoard(app.db, { schoolId, ownerId: viewer.id, category: 'CLUB' });
  const theirPost = await app.db.post.create({ data: { id: randomUUID(), boardId: board.id, authorId: other.id, title: '글', content: '본문', isAnonymous: true } });
  const ownPost = await app.db.post.create({ data: { id: randomUUID(), boardId: board.id, authorId: viewer.id, title: '내 글', content: '본문', isAnonymous: false } });
  const comment = await app.db.comment.create({ data: { id: randomUUID(), postId: theirPost.id, authorId: other.id, content: '댓글', isAnonymous: false } });
  const ownComment = await app.db.comment.create({ data: { id: randomUUID(), postId: ownPost.id, authorId: viewer.id, content: '내 댓글', isAnonymous: false } });
  const conversation = await exec(app, 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { conversation { id } } }', {
    input: { recipientId: other.id, content: '안녕' },
  }, { token: viewer.accessToken });
  const project = await exec(app, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { name: 'fuzz' } }, { token: viewer.accessToken });
  const projectId = project.expectData().createProject.id as string;
  const task = await exec(app, 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { input: { projectId, title: 'task' } }, { token: viewer.accessToken });
  knownIds = [
    schoolId, viewer.id, other.id, outsider.id, board.id, ownBoard.id, theirPost.id, ownPost.id, comment.id, ownComment.id,
    conversation.expectData().sendMessage.conversation.id, projectId, task.expectData().createTask.id,
  ];

  observer = new pg.Client({ connectionString: workerDatabaseUrl() });
  await observer.connect();
  const { rows: tables } = await observer.query<{ name: string }>(`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`);
  countsSql = `SELECT ${tables.map(({ name }) => `(SELECT count(*)::int FROM ${observer.escapeIdentifier(name)}) AS ${observer.escapeIdentifier(name)}`).join(', ')}`;
}, 60_000);
afterAll(async () => {
  await observer?.end();
  await app.stop();
});

/** Strings a client could send: ordinary, empty, whitespace, full Unicode, injection-shaped, huge. */
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  fc.constantFrom('', ' ', '\u0000', '\ud800', "' OR 1=1--", '%_\\', '<script>alert(1)</script>', '익명', 'a@b.co', 'Asia/Seoul', '2026-01-01'),
  fc.integer({ min: 1000, max: 150_000 }).map((n) => 'x'.repeat(n)),
);
const anyInt = fc.oneof(fc.integer(), fc.integer({ min: -2, max: 110 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)));
/** Ids: mostly of real rows (of every type, so often the wrong one), else random. Built once the rows exist. */
const anyId = () => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...knownIds) }, fc.uuid(), anyString);
const anyDateTime = fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyString);

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) return arbitraryFor(type.ofType, depth);
  const value = nonNullArbitraryFor(type, depth);
  return fc.option(value, { nil: null, freq: 8 });
}

function nonNullArbitraryFor(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) return nonNullArbitraryFor(type.ofType, depth);
  if (type instanceof GraphQLList) return fc.array(arbitraryFor(type.ofType, depth + 1), { maxLength: 5 });
  if (type instanceof GraphQLEnumType) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((field) => [field.name, depth > 3 ? fc.constant(null) : arbitraryFor(field.type, depth + 1)]));
    return fc.record(model, { requiredKeys: fields.filter((f) => f.type instanceof GraphQLNonNull).map((f) => f.name) });
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case 'String':
      return anyString;
    case 'ID':
      return anyId();
    case 'Int':
      return anyInt;
    case 'Float':
      return fc.oneof(fc.double(), anyInt);
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return anyDateTime;
    default:
      return fc.oneof(anyString, anyInt, fc.boolean());
  }
}

function operationFor(field: GraphQLField<unknown, unknown>): string {
  const declarations = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `mutation Fuzz${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

describe('every mutation, fuzzed', () => {
  it('never answers INTERNAL_SERVER_ERROR, and a failed call writes nothing', async () => {
    const mutations = Object.values(app.schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(30);
    let token = viewer.accessToken;

    for (const [index, field] of mutations.entries()) {
      const operation = operationFor(field);
      const variables = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, arbitraryFor(arg.type)])));
      const property = fc.asyncProperty(variables, async (vars) => {
        const before = await rowCounts();
        const result = await exec(app, operation, vars, { token });
        const codes = (result.errors ?? []).map((e) => String(e.extensions?.code));
        const after = codes.length > 0 ? await rowCounts() : before;
        // Keep the viewer usable for the next run: a successful logout may have ended the
        // session, a successful updateProfile moved them out of the school.
        if (codes.length === 0 || codes.includes(ErrorCode.UNAUTHENTICATED)) {
          if ((await exec(app, '{ me { id } }', {}, { token })).errors) token = (await logIn(app, viewer)).accessToken;
        }
        if (codes.length === 0 && field.name === 'updateProfile') await app.db.user.update({ where: { id: viewer.id }, data: { schoolId } });
        expect(codes.filter((code) => code === ErrorCode.INTERNAL_SERVER_ERROR || !CODES.has(code))).toEqual([]);
        expect(after).toEqual(before);
      });
      const seed = SEED + index;
      try {
        await fc.assert(property, { seed, numRuns: RUNS_PER_MUTATION });
      } catch (error) {
        throw new Error(`mutation ${field.name} (FUZZ_SEED=${SEED}, fast-check seed ${seed}):\n${operation}\n${(error as Error).message.slice(0, 4000)}`);
      }
    }
    // About 2-4 s per mutation on a busy 2-core machine, and the timetable module brought 17 more.
  }, 420_000);
});
