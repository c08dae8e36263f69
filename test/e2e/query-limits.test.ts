/**
 * Query-shape limits over HTTP (docs/security.md A1-A7): the heaviest real client operations pass
 * under the default limits, and one step beyond each limit is refused with 400 before any
 * resolver runs (GRAPHQL_VALIDATION_FAILED; a page size out of range: BAD_USER_INPUT).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import clientDocuments from '../../client/generated/gql/persisted-documents.json';
import { loadConfig } from '../../src/config';
import { operationCost } from '../../src/plugins/query-limits';
import type { TestAccount } from '../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../helpers/community';
import { exec, post, type HttpResult } from '../helpers/graphql';
import { measure } from '../helpers/query-metrics';
import { createTestApp, type TestApp } from '../helpers/test-app';

const DEFAULTS = loadConfig({}).queryLimits;

/** The board page and five-board feed of test/integration/community/batching.test.ts. */
const POST_TREE = (author = 'author { nickname }') => `
  totalCount
  edges { node {
    id title likeCount commentCount scrapCount viewerHasLiked viewerHasScrapped authorDisplayName author { nickname }
    comments(first: 10) { edges { node {
      id content likeCount viewerHasLiked authorDisplayName author { nickname }
      replies(first: 10) { edges { node { id content authorDisplayName ${author} } } }
    } } }
  } }`;
const BOARD_PAGE = `query BoardPage($id: ID!, $first: Int!) { board(id: $id) { id name posts(first: $first) { ${POST_TREE()} } } }`;
const FEED = (author?: string) =>
  `query Feed($schoolId: ID!) { boards(schoolId: $schoolId, first: 5) { edges { node { id posts(first: 20) { ${POST_TREE(author)} } } } } }`;
/** The feed with its nesting in named fragments (fragments must neither add nor hide depth). */
const FEED_IN_FRAGMENTS = (author: string) => `
  query FeedInFragments($schoolId: ID!) { boards(schoolId: $schoolId, first: 5) { edges { node { id posts(first: 20) { ...PostPage } } } } }
  fragment PostPage on PostConnection { edges { node { ...PostNode } } }
  fragment PostNode on Post { id comments(first: 10) { edges { node { ...CommentNode } } } }
  fragment CommentNode on Comment { id replies(first: 10) { edges { node { ...ReplyNode } } } }
  fragment ReplyNode on Comment { id ${author} }`;
/** The example of the README's Community section. */
const README_BOARD_PAGE = `query BoardPage($boardId: ID!) {
  board(id: $boardId) {
    name category isFavorite
    posts(first: 20, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        id title content authorDisplayName likeCount commentCount scrapCount viewerHasLiked viewerHasScrapped
        comments(first: 10) { edges { node {
          id content authorDisplayName isDeleted likeCount viewerHasLiked
          replies(first: 10) { edges { node { id content authorDisplayName } } }
        } } }
      } }
    }
  }
}`;
const PROJECTS = `query Projects { projects(first: 20) { totalCount edges { node { id name taskCount tasks(first: 20) { edges { node { id title done } } } } } } }`;

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;

let app: TestApp;
let baseUrl: string;
let viewer: TestAccount;
let schoolId: string;
let boardId: string;
beforeAll(async () => {
  app = await createTestApp();
  baseUrl = await app.listen();
  schoolId = (await createCommunitySchool(app.db)).id;
  viewer = await member(app, schoolId);
  boardId = (await createBoard(app.db, { schoolId })).id;
  const post = await app.db.post.create({ data: { id: randomUUID(), boardId, authorId: viewer.id, title: '글', content: '본문', isAnonymous: false } });
  const comment = await app.db.comment.create({ data: { id: randomUUID(), postId: post.id, authorId: viewer.id, content: '댓글', isAnonymous: false } });
  await app.db.comment.create({ data: { id: randomUUID(), postId: post.id, parentId: comment.id, authorId: viewer.id, content: '답글', isAnonymous: false } });
});
afterAll(() => app.stop());

function expectRefused(response: HttpResult<unknown>, message: RegExp): void {
  expect({ status: response.status, data: response.data, code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message }).toEqual({
    status: 400,
    data: undefined,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: expect.stringMatching(message),
  });
}

describe('the real client operations', () => {
  it('measure within the default limits (the feed is the deepest and most costly)', () => {
    const figures = {
      boardPage20: measure(app.schema, BOARD_PAGE, { id: boardId, first: 20 }),
      boardPage100: measure(app.schema, BOARD_PAGE, { id: boardId, first: 100 }),
      feed: measure(app.schema, FEED(), { schoolId }),
      projects: measure(app.schema, PROJECTS),
      readme: measure(app.schema, README_BOARD_PAGE, { boardId }),
    };

    expect(figures).toEqual({
      boardPage20: { depth: 12, aliases: 0, directives: 0, selections: 35, tokens: 99, cost: 16284 },
      boardPage100: { depth: 12, aliases: 0, directives: 0, selections: 35, tokens: 99, cost: 81404 },
      feed: { depth: 14, aliases: 0, directives: 0, selections: 36, tokens: 101, cost: 81421 },
      projects: { depth: 7, aliases: 0, directives: 0, selections: 13, tokens: 39, cost: 2141 },
      readme: { depth: 11, aliases: 0, directives: 0, selections: 35, tokens: 99, cost: 12125 },
    });
    expect(DEFAULTS).toMatchObject({ maxDepth: 14, maxAliases: 15, maxDirectives: 10, maxTokens: 1000, maxSelections: 400, maxCost: 150_000 });
  });

  it('include every document of client/operations, with every Int variable (page sizes) at 100', () => {
    const over = Object.values(clientDocuments as Record<string, string>).flatMap((document) => {
      const operation = parse(document).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const variables = Object.fromEntries(
        (operation.variableDefinitions ?? []).filter((v) => print(v.type).replace(/[![\]]/g, '') === 'Int').map((v) => [v.variable.name.value, 100]),
      );
      const m = measure(app.schema, document, variables);
      const within = m.depth <= DEFAULTS.maxDepth && m.aliases <= DEFAULTS.maxAliases && m.directives <= DEFAULTS.maxDirectives
        && m.cost <= DEFAULTS.maxCost && m.tokens <= DEFAULTS.maxTokens && m.selections <= DEFAULTS.maxSelections;
      return within ? [] : [{ operation: operation.name?.value, ...m }];
    });

    expect(Object.keys(clientDocuments).length).toBeGreaterThan(50);
    expect(over).toEqual([]);
  });

  it('pass under the default limits over HTTP', async () => {
    const auth = { authorization: `Bearer ${viewer.accessToken}` };

    const responses = [
      await post(baseUrl, BOARD_PAGE, { id: boardId, first: 100 }, auth),
      await post(baseUrl, FEED(), { schoolId }, auth),
      await post(baseUrl, FEED_IN_FRAGMENTS('author { nickname }'), { schoolId }, auth),
      await post(baseUrl, PROJECTS, {}, auth),
    ];

    for (const response of responses) {
      expect(response.status).toBe(200);
      response.expectData();
    }
    expect(responses[1].data?.boards.edges[0].node.posts.edges[0].node.comments.edges[0].node.replies.edges[0].node.author).toEqual({ nickname: expect.any(String) });
  });
});

describe('depth', () => {
  it('refuses the feed with one more level, inline and through fragments', async () => {
    const inline = await post(baseUrl, FEED('author { school { id } }'), { schoolId });
    const fragments = await post(baseUrl, FEED_IN_FRAGMENTS('author { school { id } }'), { schoolId });

    expectRefused(inline, /^Query depth limit of 14 exceeded, found 15\.$/);
    expectRefused(fragments, /^Query depth limit of 14 exceeded, found 15\.$/);
  });
});

describe('aliases', () => {
  it('allows 15 aliases and refuses 16, and 101 aliases of __typename (graphql-cop)', async () => {
    const fifteen = await post(baseUrl, aliases(15));
    const sixteen = await post(baseUrl, aliases(16));
    const flood = await post(baseUrl, aliases(101));

    expect(fifteen.status).toBe(200);
    expectRefused(sixteen, /^Aliases limit of 15 exceeded, found 16\.$/);
    expectRefused(flood, /^Aliases limit of 15 exceeded, found 101\.$/);
  });
});

describe('directives', () => {
  it('allows 10 directives and refuses 11', async () => {
    const query = (n: number) => `{ ${'__typename @include(if: true) '.repeat(n)}}`;

    expect((await post(baseUrl, query(10))).status).toBe(200);
    expectRefused(await post(baseUrl, query(11)), /^Directives limit of 10 exceeded, found 11\.$/);
  });

  it('answers 10 unknown directives (graphql-cop directive overloading) with a capped list of errors, not one per directive', async () => {
    const response = await post(baseUrl, `query cop { __typename ${'@aa'.repeat(10)} }`);

    expect(response.status).toBe(400);
    expect(response.errors).toHaveLength(6);
    expect(response.errors?.at(-1)?.message).toMatch(/Too many validation errors/);
  });
});

describe('cost', () => {
  const costOf = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    return operationCost(app.schema, document, document.definitions[0] as OperationDefinitionNode, variables);
  };

  it('counts every field, __typename included, and multiplies a page by its `first`', () => {
    const boards = 'query($s: ID!, $n: Int) { boards(schoolId: $s, first: $n) { edges { node { id } } } }';

    expect(costOf('{ __typename }')).toBe(1);
    expect(costOf(`{ ${'__typename '.repeat(500)}}`)).toBe(500);
    expect(costOf(boards, { s: 'x', n: 5 })).toBe(1 + 5 * 3);
    expect(costOf(boards, { s: 'x' })).toBe(1 + 20 * 3);
    expect(costOf('query($s: ID!) { boards(schoolId: $s, first: 7) { totalCount } }', { s: 'x' })).toBe(1 + 7 * 1);
    expect(costOf('{ me { ...F ...F } } fragment F on User { id nickname }')).toBe(1 + 2 + 2);
  });

  it('refuses an operation over the budget (nested pages of 100)', async () => {
    const query = `query($id: ID!) { board(id: $id) { posts(first: 100) { edges { node { comments(first: 100) { edges { node {
      replies(first: 100) { edges { node { id } } } } } } } } } } }`;

    const response = await post(baseUrl, query, { id: boardId }, { authorization: `Bearer ${viewer.accessToken}` });

    expectRefused(response, /^Query cost limit of 150000 exceeded, found 30\d{5}\.$/);
  });
});

describe('tokens and selections', () => {
  it('refuses a document of 1,200 tokens as a limit (400), while a syntax error stays GRAPHQL_PARSE_FAILED', async () => {
    const tooLong = await post(baseUrl, `{ ${'__typename '.repeat(1198)}}`);
    const broken = await post(baseUrl, '{');

    expectRefused(tooLong, /^Token limit of 1000 exceeded\.$/);
    expect([broken.status, broken.errors?.[0]?.extensions?.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
  });

  it('refuses 500 duplicated fields (graphql-cop field duplication) and a fragment explosion', async () => {
    const duplicated = await post(baseUrl, `query cop { ${'__typename '.repeat(500)}}`);
    const levels = [0, 1, 2, 3, 4].map((i) => (i === 0 ? 'fragment F0 on Query { __typename }' : `fragment F${i} on Query { ${`...F${i - 1} `.repeat(10)}}`));
    const explosion = await post(baseUrl, `query Boom { ...F4 } ${levels.join(' ')}`);

    expectRefused(duplicated, /^Operation "cop" recursively requests too many selections\.$/);
    expectRefused(explosion, /^Operation "Boom" recursively requests too many selections\.$/);
  });
});

describe('page sizes', () => {
  it.each([
    [0, 'must be at least 1'],
    [-1, 'must be at least 1'],
    [101, 'must be at most 100'],
    [1_000_000, 'must be at most 100'],
  ])('refuses first: %d before execution with 400 BAD_USER_INPUT naming `first`', async (first, message) => {
    const response = await post(baseUrl, `query($s: ID!) { boards(schoolId: $s, first: ${first}) { edges { node { id } } } }`, { s: schoolId }, {
      authorization: `Bearer ${viewer.accessToken}`,
    });

    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'first', message }]);
  });

  it('checks page sizes given in variables and deep in the document as well', async () => {
    const nested = await exec(app, BOARD_PAGE, { id: boardId, first: 0 }, { token: viewer.accessToken });

    expect(nested.data).toBeUndefined();
    expect(nested.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'first', message: 'must be at least 1' }]);
  });
});
