import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const CREATE_POST = 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }';
const CREATE_COMMENT = 'mutation C($input: CreateCommentInput!) { createComment(input: $input) { id } }';
const REPORT_POST = 'mutation R($id: ID!, $reason: String!) { reportPost(id: $id, reason: $reason) { id isBlinded content } }';
const REPORT_COMMENT = 'mutation R($id: ID!, $reason: String!) { reportComment(id: $id, reason: $reason) { id isBlinded content } }';
const RESTORE_POST = 'mutation S($id: ID!) { restorePost(id: $id) { id isBlinded content } }';
const RESTORE_COMMENT = 'mutation S($id: ID!) { restoreComment(id: $id) { id isBlinded content } }';
const POST = 'query Q($id: ID!) { post(id: $id) { id isBlinded content title } }';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0', REPORT_BLIND_THRESHOLD: '3' }));
});
afterAll(() => app.stop());

async function setting() {
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const author = await member(app, school.id);
  const reporters = await Promise.all([0, 1, 2, 3].map(() => member(app, school.id)));
  const post = (await exec(app, CREATE_POST, { input: { boardId: board.id, title: '문제 글', content: '신고될 내용', isAnonymous: false } }, { token: author.accessToken })).expectData().createPost;
  return { school, author, reporters, post };
}

describe('reportPost and restorePost', () => {
  it('blinds a post at the threshold (one report per user), STAFF still sees it and restores it', async () => {
    const { author, reporters, post } = await setting();
    const moderator = await staff(app);

    await exec(app, REPORT_POST, { id: post.id, reason: '광고' }, { token: reporters[0].accessToken });
    const repeated = (await exec(app, REPORT_POST, { id: post.id, reason: '광고' }, { token: reporters[0].accessToken })).expectData();
    await exec(app, REPORT_POST, { id: post.id, reason: '욕설' }, { token: reporters[1].accessToken });
    const third = (await exec(app, REPORT_POST, { id: post.id, reason: '도배' }, { token: reporters[2].accessToken })).expectData();

    expect(repeated.reportPost).toMatchObject({ isBlinded: false, content: '신고될 내용' });
    expect(third.reportPost).toEqual({ id: post.id, isBlinded: true, content: null });
    expect((await exec(app, POST, { id: post.id }, { token: author.accessToken })).expectData().post).toMatchObject({ isBlinded: true, content: null, title: '문제 글' });
    expect((await exec(app, POST, { id: post.id }, { token: moderator.accessToken })).expectData().post.content).toBe('신고될 내용');
    (await exec(app, RESTORE_POST, { id: post.id }, { token: reporters[3].accessToken })).expectError('FORBIDDEN');
    const restored = (await exec(app, RESTORE_POST, { id: post.id }, { token: moderator.accessToken })).expectData();
    expect(restored.restorePost).toEqual({ id: post.id, isBlinded: false, content: '신고될 내용' });
  });

  it('refuses reporting one\'s own post or with a blank reason, and outsiders get NOT_FOUND', async () => {
    const { author, reporters, post } = await setting();
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);

    (await exec(app, REPORT_POST, { id: post.id, reason: '내 글' }, { token: author.accessToken })).expectError('BAD_USER_INPUT');
    (await exec(app, REPORT_POST, { id: post.id, reason: '   ' }, { token: reporters[0].accessToken })).expectError('BAD_USER_INPUT');
    (await exec(app, REPORT_POST, { id: post.id, reason: '몰래' }, { token: outsider.accessToken })).expectError('NOT_FOUND');
    expect(await app.db.postReport.count({ where: { postId: post.id } })).toBe(0);
  });
});

describe('reportComment and restoreComment', () => {
  it('blinds a comment at the threshold and STAFF restores it', async () => {
    const { author, reporters, post } = await setting();
    const moderator = await staff(app);
    const comment = (await exec(app, CREATE_COMMENT, { input: { postId: post.id, content: '나쁜 댓글', isAnonymous: false } }, { token: author.accessToken })).expectData().createComment;

    for (const reporter of reporters.slice(0, 3)) await exec(app, REPORT_COMMENT, { id: comment.id, reason: '욕설' }, { token: reporter.accessToken });
    expect((await app.db.comment.findUniqueOrThrow({ where: { id: comment.id } })).blindedAt).not.toBeNull();
    const restored = (await exec(app, RESTORE_COMMENT, { id: comment.id }, { token: moderator.accessToken })).expectData();

    expect((await app.db.comment.findUniqueOrThrow({ where: { id: comment.id } })).reportCount).toBe(0);
    expect(restored.restoreComment).toEqual({ id: comment.id, isBlinded: false, content: '나쁜 댓글' });
  });
});

describe('which reports count toward blinding', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0', REPORT_BLIND_THRESHOLD: '2', REPORT_MIN_ACCOUNT_AGE_HOURS: '24' }));
  });
  afterAll(() => strict.stop());

  async function postOnBoard() {
    const school = await createCommunitySchool(strict.db);
    const board = await createBoard(strict.db, { schoolId: school.id });
    const author = await member(strict, school.id);
    const post = (await exec(strict, CREATE_POST, { input: { boardId: board.id, title: '글', content: '내용', isAnonymous: false } }, { token: author.accessToken })).expectData().createPost;
    return { school, post };
  }
  const ageAccount = (id: string, hours: number) => strict.db.user.update({ where: { id }, data: { createdAt: new Date(Date.now() - hours * 3600_000) } });

  it('counts verified members of the school whose accounts are old enough, one each', async () => {
    const { school, post } = await postOnBoard();
    const [young, old1, old2] = [await member(strict, school.id), await member(strict, school.id), await member(strict, school.id)];
    await ageAccount(old1.id, 25);
    await ageAccount(old2.id, 48);

    const byYoung = (await exec(strict, REPORT_POST, { id: post.id, reason: '광고' }, { token: young.accessToken })).expectData().reportPost;
    await exec(strict, REPORT_POST, { id: post.id, reason: '광고' }, { token: old1.accessToken });
    const repeated = (await exec(strict, REPORT_POST, { id: post.id, reason: '광고' }, { token: old1.accessToken })).expectData().reportPost;
    const byOld2 = (await exec(strict, REPORT_POST, { id: post.id, reason: '광고' }, { token: old2.accessToken })).expectData().reportPost;

    expect(byYoung.isBlinded).toBe(false);
    expect(repeated.isBlinded).toBe(false);
    expect(byOld2.isBlinded).toBe(true);
    expect((await strict.db.post.findUniqueOrThrow({ where: { id: post.id } })).reportCount).toBe(2);
    expect(await strict.db.postReport.count({ where: { postId: post.id } })).toBe(3);
  });

  it('records but does not count reports of STAFF who are not members, and members of other schools cannot report', async () => {
    const { post } = await postOnBoard();
    const moderator = await staff(strict);
    const outsider = await member(strict, (await createCommunitySchool(strict.db)).id);
    await ageAccount(moderator.id, 100);
    await ageAccount(outsider.id, 100);

    (await exec(strict, REPORT_POST, { id: post.id, reason: '검토' }, { token: moderator.accessToken })).expectData();
    (await exec(strict, REPORT_POST, { id: post.id, reason: '몰래' }, { token: outsider.accessToken })).expectError('NOT_FOUND');

    expect(await strict.db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ reportCount: 0, blindedAt: null });
    expect(await strict.db.postReport.count({ where: { postId: post.id } })).toBe(1);
  });

  it('applies the same rule to comments', async () => {
    const { school, post } = await postOnBoard();
    const commenter = await member(strict, school.id);
    const comment = (await exec(strict, CREATE_COMMENT, { input: { postId: post.id, content: '댓글', isAnonymous: false } }, { token: commenter.accessToken })).expectData().createComment;
    const [young, old1, old2] = [await member(strict, school.id), await member(strict, school.id), await member(strict, school.id)];
    await ageAccount(old1.id, 30);
    await ageAccount(old2.id, 30);

    await exec(strict, REPORT_COMMENT, { id: comment.id, reason: '욕설' }, { token: young.accessToken });
    await exec(strict, REPORT_COMMENT, { id: comment.id, reason: '욕설' }, { token: old1.accessToken });
    expect((await strict.db.comment.findUniqueOrThrow({ where: { id: comment.id } })).blindedAt).toBeNull();
    const last = (await exec(strict, REPORT_COMMENT, { id: comment.id, reason: '욕설' }, { token: old2.accessToken })).expectData().reportComment;

    expect(last.isBlinded).toBe(true);
  });
});
