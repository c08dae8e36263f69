/**
 * The generated client, used the way a frontend uses it: compiled with the project's
 * TypeScript, then driven with Apollo Client 3 (in Node, no React) against the real server
 * over HTTP, with trusted documents enforced.
 *
 * Client A sends trusted-document hashes only (Apollo's persisted-query link, as in
 * production); client B sends full documents as Apollo Client prints them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ApolloClient, HttpLink, InMemoryCache, from, type NormalizedCacheObject } from '@apollo/client/core';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { relayStylePagination } from '@apollo/client/utilities';
import { AccessTokens } from '../../src/auth/tokens';
import type { Role } from '../../src/auth/viewer';
import { authLink, refreshLink, refreshTokens, TokenStore, trustedDocumentHash } from '../../client/examples/auth-links';
import {
  BoardsDocument,
  CreateCommentDocument,
  CreatePostDocument,
  LikePostDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  PostDocument,
  PostsDocument,
  RefreshDocument,
  SignupDocument,
  VerifyEmailDocument,
} from '../../client/generated/gql/graphql';
import { createBoard } from '../helpers/community';
import { createSchool, unique } from '../helpers/factories';
import { run } from '../helpers/run';
import { TestSmtpServer, tokenOf } from '../helpers/smtp';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const ROOT = path.resolve(__dirname, '..', '..');

let app: TestApp;
let smtp: TestSmtpServer;
let baseUrl: string;
beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  app = await createTestApp(testConfig({ TRUSTED_DOCUMENTS: 'enforce', SMTP_URL: smtp.url, MAIL_TRANSPORT: 'smtp' }));
  baseUrl = await app.listen();
});
afterAll(async () => {
  await app.stop();
  await smtp.stop();
});

interface Sent {
  operationName: string;
  hashOnly: boolean;
}

/** A client as a web app builds it, plus a log of the requests it sent. */
function createClient(options: { persisted: boolean }) {
  const store = new TokenStore();
  const sent: Sent[] = [];
  const loggingFetch: typeof fetch = (input, init) => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; query?: string };
    sent.push({ operationName: body.operationName, hashOnly: body.query === undefined });
    return fetch(input, init);
  };
  const cache = new InMemoryCache({
    typePolicies: { Query: { fields: { posts: relayStylePagination(['boardId', 'orderBy', 'search']) } } },
  });
  const client: ApolloClient<NormalizedCacheObject> = new ApolloClient({
    cache,
    link: from([
      refreshLink(store, (refreshToken) => refreshTokens(client, refreshToken)),
      authLink(store),
      ...(options.persisted ? [createPersistedQueryLink({ generateHash: trustedDocumentHash })] : []),
      new HttpLink({ uri: `${baseUrl}/graphql`, fetch: loggingFetch }),
    ]),
  });
  return { client, store, sent };
}

/** The same session's access token, as the server signed it an hour ago: expired. */
function expiredCopyOf(accessToken: string): string {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { sub: string; sid: string; role: Role };
  return new AccessTokens(app.config.auth).sign({ userId: claims.sub, sessionId: claims.sid, role: claims.role }, new Date(Date.now() - 3600_000)).token;
}

describe('the generated client', () => {
  it("compiles, with a typed React usage, under the project's TypeScript", async () => {
    const result = await run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'client/tsconfig.json'], { cwd: ROOT });

    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });

  it('signs up, logs in, posts, comments, replies, likes, paginates, refreshes and logs out over HTTP', async () => {
    const school = await createSchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id, name: '자유게시판' });
    const a = createClient({ persisted: true });
    const b = createClient({ persisted: false });
    const password = 'correct horse battery';
    const username = unique('a').replace(/-/g, '_');

    // Sign up (A) with an address at the school's domain, follow the mailed link (which
    // verifies the address and the membership), and log in as a returning user would; B is a
    // second member of the school.
    const signup = await a.client.mutate({ mutation: SignupDocument, variables: { input: { email: `${username}@${school.domain}`, username, password } } });
    expect(signup.data?.signup.user).toMatchObject({ username, emailVerified: false, school: null });
    const verification = await smtp.waitForMail(`${username}@${school.domain}`);
    expect((await a.client.mutate({ mutation: VerifyEmailDocument, variables: { token: tokenOf(verification) } })).data?.verifyEmail).toBe(true);
    const login = await a.client.mutate({ mutation: LoginDocument, variables: { input: { login: username, password } } });
    expect(login.data?.login.user).toMatchObject({ emailVerified: true, school: { id: school.id } });
    a.store.set(login.data!.login);
    const other = unique('b').replace(/-/g, '_');
    const signupB = await b.client.mutate({ mutation: SignupDocument, variables: { input: { email: `${other}@${school.domain}`, username: other, password } } });
    const verificationB = await smtp.waitForMail(`${other}@${school.domain}`);
    await b.client.mutate({ mutation: VerifyEmailDocument, variables: { token: tokenOf(verificationB) } });
    b.store.set(signupB.data!.signup);

    // The school's boards.
    const boards = await a.client.query({ query: BoardsDocument, variables: { schoolId: school.id, first: 20 } });
    expect(boards.data.boards.edges.map((edge) => edge.node)).toEqual([expect.objectContaining({ id: board.id, name: '자유게시판', category: 'FREE' })]);

    // Three posts, a comment on the first, and B's reply to it.
    const posts = [];
    for (const title of ['첫 글', '두 번째 글', '세 번째 글']) {
      const created = await a.client.mutate({ mutation: CreatePostDocument, variables: { input: { boardId: board.id, title, content: `${title} 내용` } } });
      posts.push(created.data!.createPost);
    }
    const first = posts[0];
    const comment = await a.client.mutate({ mutation: CreateCommentDocument, variables: { input: { postId: first.id, content: '댓글' } } });
    const reply = await b.client.mutate({
      mutation: CreateCommentDocument,
      variables: { input: { postId: first.id, parentId: comment.data!.createComment.id, content: '답글', isAnonymous: true } },
    });
    expect(reply.data?.createComment).toMatchObject({ parent: { id: comment.data!.createComment.id }, authorDisplayName: '익명1' });

    const page = await a.client.query({ query: PostDocument, variables: { id: first.id } });
    expect(page.data.post).toMatchObject({ commentCount: 2, board: { id: board.id } });
    expect(page.data.post?.comments.edges.map(({ node }) => [node.content, node.replies.edges.map((edge) => edge.node.content)])).toEqual([['댓글', ['답글']]]);

    // B likes the first post: B's normalised cache updates the post it listed, without a refetch.
    const variables = { boardId: board.id, first: 10 };
    await b.client.query({ query: PostsDocument, variables });
    const before = b.sent.length;
    await b.client.mutate({ mutation: LikePostDocument, variables: { id: first.id } });

    expect(b.sent.slice(before).map((s) => s.operationName).filter((name) => name !== 'LikePost' && name !== 'Refresh')).toEqual([]);
    expect(b.client.cache.extract()[`Post:${first.id}`]).toMatchObject({ __typename: 'Post', id: first.id, likeCount: 1, viewerHasLiked: true });
    const cached = b.client.readQuery({ query: PostsDocument, variables });
    expect(cached?.posts.edges.find(({ node }) => node.id === first.id)?.node).toMatchObject({ likeCount: 1, viewerHasLiked: true });

    // A pages through the board two posts at a time; the cache merges the pages.
    const newest = await a.client.query({ query: PostsDocument, variables: { boardId: board.id, first: 2 } });
    expect(newest.data.posts.pageInfo.hasNextPage).toBe(true);
    const watched = a.client.watchQuery({ query: PostsDocument, variables: { boardId: board.id, first: 2 } });
    const watching = watched.subscribe(() => undefined);
    await watched.fetchMore({ variables: { after: newest.data.posts.pageInfo.endCursor } });
    const merged = watched.getCurrentResult().data.posts;
    watching.unsubscribe();
    expect(merged.edges.map(({ node }) => node.title)).toEqual(['세 번째 글', '두 번째 글', '첫 글']);
    expect(merged.pageInfo.hasNextPage).toBe(false);
    expect(Object.keys(a.client.cache.extract())).toEqual(
      expect.arrayContaining([`Post:${posts[0].id}`, `Post:${posts[1].id}`, `Post:${posts[2].id}`, `Board:${board.id}`, `School:${school.id}`, `User:${login.data!.login.user.id}`]),
    );

    // The app resumes with an access token of this session that expired an hour ago (signed
    // with the server's key: the server allows 5 s of clock skew, too long to wait for here).
    // The next request is answered 401; the link refreshes once, stores the pair and retries.
    const usedRefresh = a.store.refreshToken!;
    const expiredAccess = expiredCopyOf(a.store.accessToken!);
    a.store.set({ accessToken: expiredAccess, refreshToken: usedRefresh });
    const refreshesBefore = a.sent.filter((s) => s.operationName === 'Refresh').length;
    const me = await a.client.query({ query: MeDocument, fetchPolicy: 'network-only' });

    expect(me.data.me).toMatchObject({ username, email: `${username}@${school.domain}` });
    expect(a.sent.filter((s) => s.operationName === 'Refresh').length - refreshesBefore).toBe(1);
    expect(a.store.accessToken).not.toBe(expiredAccess);
    expect(a.store.refreshToken).not.toBe(usedRefresh);

    // Log out: the session ends, so its refresh token no longer works.
    const loggedOutRefresh = a.store.refreshToken!;
    const logout = await a.client.mutate({ mutation: LogoutDocument, variables: { refreshToken: loggedOutRefresh } });
    expect(logout.data?.logout).toBe(true);
    a.store.clear();
    await a.client.clearStore();
    const anonymous = await a.client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    expect(anonymous.data.me).toBeNull();
    await expect(a.client.mutate({ mutation: RefreshDocument, variables: { refreshToken: loggedOutRefresh } })).rejects.toMatchObject({
      graphQLErrors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })],
    });

    // A only ever sent hashes, every one known to the server; B sent full documents.
    expect(a.sent.filter((s) => !s.hashOnly)).toEqual([]);
    expect(b.sent.every((s) => !s.hashOnly)).toBe(true);
  });
});
