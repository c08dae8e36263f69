/**
 * Verified e-mail: sign-up mails a link (delivered by the job queue to a real SMTP server
 * in this process), verifyEmail uses it once, and until then the account may read and use
 * projects but not take part in the community (EMAIL_NOT_VERIFIED).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SIGNUP, signUp, verifyAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { TestSmtpServer, tokenOf } from '../../helpers/smtp';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const ME = 'query { me { id emailVerified school { id } schoolVerifiedAt } }';
const VERIFY = 'mutation V($token: String!) { verifyEmail(token: $token) }';
const RESEND = 'mutation { requestEmailVerification }';
const USER_OF_POST = 'query P($id: ID!) { post(id: $id) { author { id emailVerified } } }';

let smtp: TestSmtpServer;
let app: TestApp;
beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  app = await createTestApp(
    testConfig({ SMTP_URL: smtp.url, MAIL_TRANSPORT: 'smtp', MAIL_FROM: 'Campus <no-reply@campus.test>', AUTH_SESSION_CACHE_MS: '0', RATE_LIMIT_VERIFICATION_MAIL_PER_USER: '3' }),
  );
});
afterAll(async () => {
  await app.stop();
  await smtp.stop();
});

const isVerificationMail = (mail: { subject: string }) => mail.subject === 'Verify your e-mail address';

async function newAccount(email = `${unique('v')}@example.com`) {
  const username = unique('v').replace(/-/g, '_').slice(0, 20);
  const data = (await exec(app, SIGNUP, { input: { email, username, password: 'correct horse battery' } })).expectData();
  return { id: data.signup.user.id as string, email, username, token: data.signup.accessToken as string };
}

describe('sign-up', () => {
  it('mails a verification link over SMTP; the account starts unverified', async () => {
    const account = await newAccount();

    const mail = await smtp.waitForMail(account.email, isVerificationMail);

    expect(mail.from).toBe('no-reply@campus.test');
    expect(mail.text).toContain('http://localhost:3000/verify-email#token=');
    expect((await exec(app, ME, {}, { token: account.token })).expectData().me).toMatchObject({ emailVerified: false, school: null, schoolVerifiedAt: null });
  });
});

describe('verifyEmail', () => {
  it('verifies the address once; the token is stored only as its SHA-256', async () => {
    const account = await newAccount();
    const token = tokenOf(await smtp.waitForMail(account.email, isVerificationMail));

    const first = await exec(app, VERIFY, { token });
    const second = await exec(app, VERIFY, { token });

    expect(first.expectData().verifyEmail).toBe(true);
    expect(second.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'token', message: 'is invalid or expired' }]);
    expect((await exec(app, ME, {}, { token: account.token })).expectData().me.emailVerified).toBe(true);
    const stored = await app.db.verificationToken.findMany({ where: { userId: account.id } });
    expect(stored.map((row) => row.tokenHash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('refuses an expired token', async () => {
    const account = await newAccount();
    const token = tokenOf(await smtp.waitForMail(account.email, isVerificationMail));
    await app.db.verificationToken.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    (await exec(app, VERIFY, { token })).expectError('BAD_USER_INPUT');

    expect((await exec(app, ME, {}, { token: account.token })).expectData().me.emailVerified).toBe(false);
  });

  it('answers BAD_USER_INPUT, never a fault, for any token string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 600 }), async (token) => {
        const result = await exec(app, VERIFY, { token });
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }),
      { numRuns: 25 },
    );
  });

  it('shows emailVerified to the account itself only', async () => {
    const school = await createCommunitySchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id });
    const [author, reader] = [await member(app, school.id), await member(app, school.id)];
    const post = (await exec(app, 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: author.accessToken })).expectData().createPost;

    const seenByReader = (await exec(app, USER_OF_POST, { id: post.id }, { token: reader.accessToken })).expectData().post.author;
    const seenByAuthor = (await exec(app, USER_OF_POST, { id: post.id }, { token: author.accessToken })).expectData().post.author;

    expect(seenByReader).toEqual({ id: author.id, emailVerified: null });
    expect(seenByAuthor).toEqual({ id: author.id, emailVerified: true });
  });
});

describe('requestEmailVerification', () => {
  it('mails a new link (the old one stops working once one is used) and is throttled per account', async () => {
    const account = await newAccount();
    const firstMail = await smtp.waitForMail(account.email, isVerificationMail);

    (await exec(app, RESEND, {}, { token: account.token })).expectData();
    const secondMail = await smtp.waitForMail(account.email, (mail) => isVerificationMail(mail) && mail !== firstMail);
    (await exec(app, RESEND, {}, { token: account.token })).expectData();
    (await exec(app, RESEND, {}, { token: account.token })).expectData();
    const limited = await exec(app, RESEND, {}, { token: account.token });

    expect(limited.expectError('RATE_LIMITED').extensions?.retryAfterSeconds).toBeGreaterThan(0);
    (await exec(app, VERIFY, { token: tokenOf(secondMail) })).expectData();
    (await exec(app, VERIFY, { token: tokenOf(firstMail) })).expectError('BAD_USER_INPUT');
  });

  it('answers BAD_USER_INPUT once verified, and UNAUTHENTICATED without a token', async () => {
    const account = await signUp(app);

    (await exec(app, RESEND, {}, { token: account.accessToken })).expectError('BAD_USER_INPUT');
    (await exec(app, RESEND)).expectError('UNAUTHENTICATED');
  });
});

describe('an unverified account', () => {
  it('signs in and uses projects, reads its school, but cannot post, comment, like, scrap, report or message', async () => {
    const school = await createCommunitySchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id });
    const verified = await member(app, school.id);
    const unverified = await signUp(app, { schoolId: school.id, verified: false });
    const post = (await exec(app, 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, { token: verified.accessToken })).expectData().createPost;
    const comment = (await exec(app, 'mutation C($input: CreateCommentInput!) { createComment(input: $input) { id } }', { input: { postId: post.id, content: 'c', isAnonymous: false } }, { token: verified.accessToken })).expectData().createComment;
    const as = { token: unverified.accessToken };

    const attempts = {
      createPost: await exec(app, 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { boardId: board.id, title: 't', content: 'c', isAnonymous: false } }, as),
      createComment: await exec(app, 'mutation C($input: CreateCommentInput!) { createComment(input: $input) { id } }', { input: { postId: post.id, content: 'c', isAnonymous: false } }, as),
      likePost: await exec(app, 'mutation L($id: ID!) { likePost(id: $id) { id } }', { id: post.id }, as),
      likeComment: await exec(app, 'mutation L($id: ID!) { likeComment(id: $id) { id } }', { id: comment.id }, as),
      scrapPost: await exec(app, 'mutation S($id: ID!) { scrapPost(id: $id) { id } }', { id: post.id }, as),
      reportPost: await exec(app, 'mutation R($id: ID!) { reportPost(id: $id, reason: "spam") { id } }', { id: post.id }, as),
      reportComment: await exec(app, 'mutation R($id: ID!) { reportComment(id: $id, reason: "spam") { id } }', { id: comment.id }, as),
      sendMessage: await exec(app, 'mutation M($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { recipientId: verified.id, content: 'hi' } }, as),
    };

    for (const [operation, result] of Object.entries(attempts)) {
      expect({ operation, code: result.errors?.[0]?.extensions?.code }).toEqual({ operation, code: 'EMAIL_NOT_VERIFIED' });
    }
    expect(await app.db.post.count({ where: { authorId: unverified.id } })).toBe(0);
    expect(await app.db.postReport.count({ where: { userId: unverified.id } })).toBe(0);
    (await exec(app, 'query P($id: ID!) { post(id: $id) { id } }', { id: post.id }, as)).expectData();
    (await exec(app, 'mutation P($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { name: unique('p') } }, as)).expectData();

    await verifyAccount(app, unverified.id, { email: true });
    (await exec(app, 'mutation L($id: ID!) { likePost(id: $id) { id } }', { id: post.id }, as)).expectData();
  });
});
