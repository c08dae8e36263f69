/**
 * Operations run compiled by graphql-jit (src/shared/compiled-execution.ts). These tests hold
 * it to graphql-js: the same documents, run by graphql-js's own `execute` on the same data,
 * give the same data; and the places where graphql-jit differs (variables, defaults,
 * errors, lazily counted fields, operation names) answer as graphql-js would.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execute, getIntrospectionQuery, introspectionFromSchema, parse } from 'graphql';
import { randomUUID } from 'node:crypto';
import { requestScope } from '../../../src/shared/request-context';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { seedProjects } from '../../helpers/projects';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';
import type { TestAccount } from '../../helpers/accounts';

let app: TestApp;
let viewer: TestAccount;
let boardId: string;
let schoolId: string;

beforeAll(async () => {
  app = await createTestApp(testConfig());
  schoolId = (await createCommunitySchool(app.db)).id;
  viewer = await member(app, schoolId);
  const other = await member(app, schoolId);
  boardId = (await createBoard(app.db, { schoolId, name: '비교' })).id;
  for (let i = 0; i < 5; i++) {
    const post = await app.db.post.create({ data: { boardId, authorId: i % 2 ? viewer.id : other.id, title: `글 ${i}`, content: '본문', isAnonymous: i === 3 } });
    const comment = await app.db.comment.create({ data: { postId: post.id, authorId: other.id, content: '댓글' } });
    await app.db.comment.create({ data: { postId: post.id, parentId: comment.id, authorId: viewer.id, content: '답글' } });
  }
  await seedProjects(app, viewer.id, 3, 4);
}, 60_000);
afterAll(() => app.stop());

/** The document run by graphql-js's interpreter on a fresh context, as the response a client would see. */
async function interpreted(query: string, variables: Record<string, unknown>): Promise<unknown> {
  return requestScope.run({ requestId: randomUUID(), sqlStatements: 0 }, async () => {
    const contextValue = await app.contextFor(`Bearer ${viewer.accessToken}`);
    const result = await execute({ schema: app.schema, document: parse(query), contextValue, variableValues: variables });
    return JSON.parse(JSON.stringify(result.data));
  });
}

const DOCUMENTS: [string, string, Record<string, unknown>][] = [
  [
    'a board page with fragments, aliases, directives and counts',
    `query($id: ID!, $withComments: Boolean!, $skipAuthor: Boolean = false) { board(id: $id) { id name
      first: posts(first: 2) { ...Page }
      rest: posts(first: 10, orderBy: { field: CREATED_AT, direction: ASC }) { ...Page }
    } }
    fragment Page on PostConnection { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...Post } } }
    fragment Post on Post { __typename id title content isAnonymous likeCount viewerHasLiked viewerHasScrapped viewerCanEdit authorDisplayName createdAt
      author @skip(if: $skipAuthor) { id nickname }
      comments(first: 5) @include(if: $withComments) { totalCount edges { node { id content authorDisplayName viewerHasLiked replies(first: 5) { totalCount edges { node { id content authorDisplayName } } } } } } }`,
    { withComments: true },
  ],
  ['the same without comments and authors', 'query($id: ID!, $skipAuthor: Boolean!) { board(id: $id) { posts { edges { node { id author @skip(if: $skipAuthor) { id } comments @include(if: false) { totalCount } } } } } }', { skipAuthor: true }],
  ['projects with tasks and counts', 'query { me { id nickname } projects(first: 10) { totalCount edges { node { id name taskCount doneTaskCount overdueTaskCount tasks(first: 3) { totalCount pageInfo { hasNextPage } edges { node { id title done dueDate dueAt dueHasTime createdAt } } } } } } }', {}],
  ['schools and boards with variables defaulted', 'query($search: String = "", $first: Int = 3) { schools(search: $search) { id name } boards(schoolId: "SCHOOL", first: $first) { totalCount edges { node { id name category } } } }', {}],
];

describe('compiled execution', () => {
  it.each(DOCUMENTS)('answers %s exactly as graphql-js does', async (_name, query, extra) => {
    const variables = { id: boardId, ...extra };
    const document = query.replace('"SCHOOL"', JSON.stringify(schoolId));
    const compiled = (await exec(app, document, variables, { token: viewer.accessToken })).expectData();
    expect(compiled).toEqual(await interpreted(document, variables));
  });

  it('answers the full introspection query (Apollo Sandbox, codegen) as graphql-js does', async () => {
    // What Apollo Sandbox and GraphQL Code Generator ask for.
    const options = { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, experimentalDirectiveDeprecation: true, oneOf: true };
    const result = await exec(app, getIntrospectionQuery(options));
    expect(result.expectData()).toEqual(JSON.parse(JSON.stringify(introspectionFromSchema(app.schema, options))));
  });

  it('reuses a compiled document with other variables without mixing them up', async () => {
    const query = 'query($first: Int!) { board(id: "B") { posts(first: $first) { edges { node { id } } } } }'.replace('"B"', JSON.stringify(boardId));
    const sizes = [];
    for (const first of [1, 3, 2, 5]) sizes.push((await exec(app, query, { first }, { token: viewer.accessToken })).expectData().board.posts.edges.length);
    expect(sizes).toEqual([1, 3, 2, 5]);
  });

  it('fills in the default of an omitted non-null input field, and refuses bad variables as the client\'s mistake', async () => {
    const create = 'mutation($input: CreatePostInput!) { createPost(input: $input) { id isAnonymous } }';
    const created = await exec(app, create, { input: { boardId, title: '기본값', content: '본문' } }, { token: viewer.accessToken });
    expect(created.expectData().createPost.isAnonymous).toBe(false);

    const wrong = await exec(app, create, { input: { boardId, title: 1, content: '본문', role: 'STAFF' } }, { token: viewer.accessToken });
    const error = wrong.expectError('BAD_USER_INPUT');
    expect(error.locations).toEqual([{ line: 1, column: 10 }]);
  });

  it('reports a failing field with its path and location, and the rest of the data', async () => {
    const result = await exec(app, '{ me { id }\n  post(id: "missing") { id } }', {}, { token: viewer.accessToken });
    expect(result.data).toEqual({ me: { id: viewer.id }, post: null });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['post'], locations: [{ line: 2, column: 3 }], extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
  });

  it('asks for an operation name when a document has several, as graphql-js does', async () => {
    const result = await exec(app, 'query A { me { id } } query B { me { nickname } }', {}, { token: viewer.accessToken });
    expect(result.expectError('BAD_USER_INPUT').message).toMatch(/operation name/i);
  });
});
