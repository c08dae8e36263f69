/**
 * The README's GraphQL examples run as written, in order, against a server seeded with
 * `npm run db:seed` (the compiled script, built by `npm test` first): every operation of
 * every ```graphql block answers without errors. `"…"` placeholders and `$variables` are
 * filled with values from earlier answers (a school's id, a board's, a project's, the
 * refresh token), and operations run with the latest access token. The explorers' starter
 * document runs too, and the quick start and Docker notes name commands that exist.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type DefinitionNode, type OperationDefinitionNode } from 'graphql';
import { applyMigrations } from '../../src/db/migrations';
import { EXPLORER_DOCUMENT, EXPLORER_VARIABLES } from '../../src/http/explorer-examples';
import { unique } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { run } from '../helpers/run';
import { query } from '../helpers/sql';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { testConfig } from '../helpers/test-config';
import { databaseUrl, ENV_ADMIN_URL } from '../setup/test-database';

const ROOT = path.resolve(__dirname, '..', '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SEED = path.join(ROOT, 'dist', 'prisma', 'seed.js');
const adminUrl = process.env[ENV_ADMIN_URL]!;
const name = unique('readme').replace(/-/g, '_');
const url = databaseUrl(adminUrl, name);

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  if (!existsSync(SEED)) throw new Error('dist/prisma/seed.js is missing: run `npm test` (it builds first) or `npm run build`.');
  await query(adminUrl, `CREATE DATABASE "${name}"`);
  await applyMigrations(url);
  const seeded = await run(process.execPath, [SEED], { env: { PATH: process.env.PATH, DATABASE_URL: url, BCRYPT_COST: '4', LOG_LEVEL: 'warn', DATA_DIR: path.join(ROOT, '.data', 'readme-test') } });
  if (seeded.code !== 0) throw new Error(`db:seed failed:\n${seeded.stderr}`);
  app = await createTestApp(testConfig({ DATABASE_URL: url }));
  baseUrl = await app.listen();
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

/** The ```graphql blocks of the README, in order. */
function graphqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/** Each operation of a block as its own document (with the block's fragments). */
function operationsOf(block: string): { operation: OperationDefinitionNode; text: string }[] {
  const definitions = parse(block).definitions;
  const fragments = definitions.filter((d: DefinitionNode) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => print(d));
  return definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({ operation, text: [print(operation), ...fragments].join('\n\n') }));
}

/** Values learnt from earlier answers, by the argument or variable name they fill. */
type State = Record<string, string>;

function fill(text: string, state: State): string {
  return text.replace(/(\w+): "…"/g, (_match, field: string) => {
    const value = state[field];
    if (value === undefined) throw new Error(`No earlier answer gives a value for the placeholder of "${field}" in:\n${text}`);
    return `${field}: ${JSON.stringify(value)}`;
  });
}

function variablesOf(operation: OperationDefinitionNode, state: State, given: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    (operation.variableDefinitions ?? []).map((definition) => {
      const variable = definition.variable.name.value;
      const value = given[variable] ?? state[variable];
      if (value === undefined) throw new Error(`No earlier answer gives a value for $${variable}`);
      return [variable, value];
    }),
  );
}

/** Remembers what later examples need: ids of the first school, board, lecture, timetable and project, and the tokens. */
function learn(data: Record<string, any>, state: State): void {
  if (Array.isArray(data.schools) && data.schools[0]) state.schoolId ??= data.schools[0].id;
  if (data.boards?.edges?.[0]) state.boardId ??= data.boards.edges[0].node.id;
  if (data.createProject?.id) state.projectId = data.createProject.id;
  if (data.lectures?.edges?.[0]) state.lectureId ??= data.lectures.edges[0].node.id;
  if (data.createTimetable?.id) state.timetableId = data.createTimetable.id;
  for (const payload of [data.signup, data.login, data.refresh]) {
    if (payload?.user?.school?.id) state.schoolId = payload.user.school.id;
    if (payload?.accessToken) state.accessToken = payload.accessToken;
    if (payload?.refreshToken) state.refreshToken = payload.refreshToken;
  }
}

/** Root fields only STAFF may call: their examples run as the demo operator `admin`. */
const STAFF_FIELDS = new Set(['moderationQueue', 'dismissReports', 'suspendUser', 'unsuspendUser', 'createSchool', 'updateSchool', 'approveMembership']);

function isStaffOperation(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && STAFF_FIELDS.has(selection.name.value));
}

/** The demo operator's token, and what the moderation examples act on: a seeded post and a demo member. */
async function staffState(state: State): Promise<void> {
  if (state.staffToken) return;
  const signedIn = await post(baseUrl, 'mutation($login: String!, $password: String!) { login(input: { login: $login, password: $password }) { accessToken } }', { login: 'admin', password: 'campus-demo-1234' });
  state.staffToken = (signedIn.expectData() as { login: { accessToken: string } }).login.accessToken;
  const [postRow] = await query<{ id: string }>(url, 'SELECT id FROM posts WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1');
  const [member] = await query<{ id: string }>(url, "SELECT id FROM users WHERE username = 'junho'");
  state.id ??= postRow!.id;
  state.userId ??= member!.id;
}

async function runAll(documents: { operation: OperationDefinitionNode; text: string }[], state: State, given?: Record<string, unknown>) {
  const answered: string[] = [];
  for (const { operation, text } of documents) {
    const asStaff = isStaffOperation(operation);
    if (asStaff) await staffState(state);
    const document = fill(text, state);
    const token = asStaff ? state.staffToken : state.accessToken;
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const response = await post(baseUrl, document, variablesOf(operation, state, given), headers);

    expect({ document, status: response.status, errors: response.errors }).toEqual({ document, status: 200, errors: undefined });
    learn(response.expectData(), state);
    answered.push(operation.name?.value ?? Object.keys(response.expectData())[0]!);
  }
  return answered;
}

describe('README.md', () => {
  it('has GraphQL examples, and every one runs as written against a seeded server', async () => {
    const blocks = graphqlBlocks(README);
    const operations = blocks.flatMap(operationsOf);

    const answered = await runAll(operations, {});

    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(answered).toEqual(expect.arrayContaining(['schools', 'signup', 'login', 'refresh', 'boards', 'BoardPage', 'createProject', 'createTask', 'projects', 'tasks']));
  });

  it('puts db:seed and the demo logins in the quick start', () => {
    const quickStart = README.slice(0, README.indexOf('\n## '));
    const [, setUp] = /```sh\n([\s\S]*?)```/.exec(quickStart) ?? [];

    expect(setUp?.indexOf('npm run db:seed')).toBeGreaterThan(-1);
    expect(setUp!.indexOf('npm run db:seed')).toBeLessThan(setUp!.indexOf('npm start'));
    for (const login of ['minji', 'campus-demo-1234', '/graphiql']) expect(quickStart).toContain(login);
  });

  it('documents how to run the role script and the explorer with Docker, with commands that exist', () => {
    const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

    for (const text of [README, compose, dockerfile]) expect(text).toContain('node dist/src/scripts/user-role.js someone@example.com STAFF');
    for (const text of [README, compose]) expect(text).toContain('GRAPHQL_SANDBOX=true');
    expect(existsSync(path.join(ROOT, 'dist', 'src', 'scripts', 'user-role.js'))).toBe(true);
  });
});

describe("the explorers' starter document", () => {
  it('runs with its demo variables on a seeded server: Schools, Login, Me, Refresh', async () => {
    const operations = operationsOf(EXPLORER_DOCUMENT);
    const state: State = {};

    const [schools, login, me] = operations;
    await runAll([schools!, login!], state, EXPLORER_VARIABLES);
    await runAll([me!], state);
    const answered = await runAll(operations.slice(3), state, { refreshToken: state.refreshToken });

    expect(operations.map((o) => o.operation.name?.value)).toEqual(['Schools', 'Login', 'Me', 'Refresh']);
    expect(answered).toEqual(['Refresh']);
  });
});
