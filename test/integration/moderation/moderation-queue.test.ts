/**
 * moderationQueue and dismissReports (STAFF). Each test makes its own school; the queue
 * spans every school, so assertions look at the test's own items (filtered by id).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const CREATE_POST = 'mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }';
const CREATE_COMMENT = 'mutation C($input: CreateCommentInput!) { createComment(input: $input) { id } }';
const REPORT_POST = 'mutation R($id: ID!, $reason: String!) { reportPost(id: $id, reason: $reason) { id isBlinded } }';
const REPORT_COMMENT = 'mutation R($id: ID!, $reason: String!) { reportComment(id: $id, reason: $reason) { id isBlinded } }';
const RESTORE_POST = 'mutation S($id: ID!) { restorePost(id: $id) { id isBlinded } }';
const DISMISS = 'mutation D($id: ID!) { dismissReports(id: $id) }';
const POST = 'query Q($id: ID!) { post(id: $id) { id isBlinded content } }';
const QUEUE = /* GraphQL */ `
  query Queue($first: Int, $after: String, $filter: ModerationQueueFilter) {
    moderationQueue(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id kind blindedAt reportCount lastReportedAt
        reasons { reason reportedAt }
        post { id title content isBlinded }
        comment { id content isBlinded }
      } }
    }
  }
`;

interface Item {
  id: string;
  kind: 'POST' | 'COMMENT';
  blindedAt: string | null;
  reportCount: number;
  lastReportedAt: string;
  reasons: { reason: string; reportedAt: string }[];
  post: { id: string; title: string; content: string | null; isBlinded: boolean } | null;
  comment: { id: string; content: string | null; isBlinded: boolean } | null;
}

let app: TestApp;
let moderator: TestAccount;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0', REPORT_BLIND_THRESHOLD: '3' }));
  moderator = await staff(app);
});
afterAll(() => app.stop());

async function community() {
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  const author = await member(app, school.id);
  const reporters = await Promise.all([0, 1, 2, 3].map(() => member(app, school.id)));
  const post = async (title: string) =>
    (await exec(app, CREATE_POST, { input: { boardId: board.id, title, content: `${title} 내용`, isAnonymous: false } }, { token: author.accessToken })).expectData().createPost as { id: string };
  const comment = async (postId: string, content: string) =>
    (await exec(app, CREATE_COMMENT, { input: { postId, content, isAnonymous: true } }, { token: author.accessToken })).expectData().createComment as { id: string };
  return { school, author, reporters, post, comment };
}

async function report(kind: 'post' | 'comment', id: string, by: TestAccount[], reason: string) {
  for (const reporter of by) {
    (await exec(app, kind === 'post' ? REPORT_POST : REPORT_COMMENT, { id, reason }, { token: reporter.accessToken })).expectData();
  }
}

/** The whole queue (as STAFF), restricted to `ids`, in queue order. */
async function queueOf(ids: string[], filter?: Record<string, unknown>): Promise<Item[]> {
  const items: Item[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { edges: { node: Item }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
      await exec(app, QUEUE, { first: 100, after, filter }, { token: moderator.accessToken })
    ).expectData().moderationQueue;
    items.push(...page.edges.map((e) => e.node).filter((node) => ids.includes(node.id)));
    if (!page.pageInfo.hasNextPage) return items;
    after = page.pageInfo.endCursor;
  }
}

describe('moderationQueue', () => {
  it('lists reported and blinded posts and comments with their report counts and reasons, the most recently reported first', async () => {
    const { reporters, post, comment } = await community();
    const quiet = await post('신고 없는 글');
    const reported = await post('신고 하나');
    const blinded = await post('신고 셋');
    const badComment = await comment(quiet.id, '나쁜 익명 댓글');

    await report('post', reported.id, reporters.slice(0, 1), '광고');
    await report('post', blinded.id, reporters.slice(0, 3), '욕설');
    await report('comment', badComment.id, reporters.slice(1, 3), '비방');

    const items = await queueOf([quiet.id, reported.id, blinded.id, badComment.id]);

    expect(items.map((i) => [i.kind, i.id, i.reportCount, i.blindedAt !== null])).toEqual([
      ['COMMENT', badComment.id, 2, false],
      ['POST', blinded.id, 3, true],
      ['POST', reported.id, 1, false],
    ]);
    const [c, b, r] = items;
    expect(b.reasons.map((x) => x.reason)).toEqual(['욕설', '욕설', '욕설']);
    expect(r.reasons).toEqual([{ reason: '광고', reportedAt: r.lastReportedAt }]);
    // STAFF read the blinded content; a comment item carries its post too.
    expect(b.post).toMatchObject({ id: blinded.id, isBlinded: true, content: '신고 셋 내용' });
    expect(b.comment).toBeNull();
    expect(c).toMatchObject({ post: { id: quiet.id }, comment: { id: badComment.id, content: '나쁜 익명 댓글' } });
    const times = items.map((i) => Date.parse(i.lastReportedAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('filters by kind and by state', async () => {
    const { reporters, post, comment } = await community();
    const reported = await post('신고 하나');
    const blinded = await post('신고 셋');
    const reportedComment = await comment(reported.id, '댓글');
    await report('post', reported.id, reporters.slice(0, 1), '광고');
    await report('post', blinded.id, reporters.slice(0, 3), '욕설');
    await report('comment', reportedComment.id, reporters.slice(0, 1), '비방');
    const ids = [reported.id, blinded.id, reportedComment.id];

    const idsOf = async (filter: Record<string, unknown>) => (await queueOf(ids, filter)).map((i) => i.id).sort();

    expect(await idsOf({ kind: 'POST' })).toEqual([reported.id, blinded.id].sort());
    expect(await idsOf({ kind: 'COMMENT' })).toEqual([reportedComment.id]);
    expect(await idsOf({ state: 'BLINDED' })).toEqual([blinded.id]);
    expect(await idsOf({ state: 'REPORTED' })).toEqual([reported.id, reportedComment.id].sort());
    expect(await idsOf({ kind: 'COMMENT', state: 'BLINDED' })).toEqual([]);
  });

  it('pages with cursors without repeating or skipping, and counts the whole filtered queue', async () => {
    const { reporters, post } = await community();
    const posts: { id: string }[] = [];
    for (let i = 0; i < 5; i++) posts.push(await post(`글 ${i}`));
    for (const p of posts) await report('post', p.id, reporters.slice(0, 1), '광고');

    const all = (await exec(app, QUEUE, { first: 100, filter: { kind: 'POST' } }, { token: moderator.accessToken })).expectData().moderationQueue;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { edges: { node: Item }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await exec(app, QUEUE, { first: 2, after, filter: { kind: 'POST' } }, { token: moderator.accessToken })
      ).expectData().moderationQueue;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }

    expect(seen).toEqual(all.edges.map((e: { node: Item }) => e.node.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.totalCount).toBe(seen.length);
    expect(seen.filter((id) => posts.some((p) => p.id === id))).toEqual([...posts].reverse().map((p) => p.id));
  });

  it('answers FORBIDDEN to members and UNAUTHENTICATED to anonymous callers; a bad cursor is BAD_USER_INPUT', async () => {
    const { author } = await community();

    (await exec(app, QUEUE, {}, { token: author.accessToken })).expectError('FORBIDDEN');
    (await exec(app, QUEUE, {})).expectError('UNAUTHENTICATED');
    (await exec(app, QUEUE, { after: 'not-a-cursor' }, { token: moderator.accessToken })).expectError('BAD_USER_INPUT');
    (await exec(app, QUEUE, { first: 101 }, { token: moderator.accessToken })).expectError('BAD_USER_INPUT');
  });

  it('sends the same number of SQL statements for a page of 2 items and of 8, posts and comments resolved', async () => {
    const { reporters, post, comment } = await community();
    const parent = await post('부모 글');
    for (let i = 0; i < 4; i++) {
      await report('post', (await post(`글 ${i}`)).id, reporters.slice(0, 1), '광고');
      await report('comment', (await comment(parent.id, `댓글 ${i}`)).id, reporters.slice(0, 1), '비방');
    }

    const small = await exec(app, QUEUE, { first: 2 }, { token: moderator.accessToken });
    const large = await exec(app, QUEUE, { first: 8 }, { token: moderator.accessToken });

    expect(small.expectData().moderationQueue.edges).toHaveLength(2);
    expect(large.expectData().moderationQueue.edges).toHaveLength(8);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });
});

describe('dismissReports', () => {
  it('dismisses the pending reports, un-blinds the post, and takes it out of the queue; its reporters cannot report it again', async () => {
    const { author, reporters, post } = await community();
    const blinded = await post('신고 셋');
    await report('post', blinded.id, reporters.slice(0, 3), '욕설');
    expect((await exec(app, POST, { id: blinded.id }, { token: author.accessToken })).expectData().post).toMatchObject({ isBlinded: true, content: null });

    const dismissed = (await exec(app, DISMISS, { id: blinded.id }, { token: moderator.accessToken })).expectData().dismissReports;
    const again = (await exec(app, DISMISS, { id: blinded.id }, { token: moderator.accessToken })).expectData().dismissReports;

    expect([dismissed, again]).toEqual([3, 0]);
    expect((await exec(app, POST, { id: blinded.id }, { token: author.accessToken })).expectData().post).toMatchObject({ isBlinded: false, content: '신고 셋 내용' });
    expect(await queueOf([blinded.id])).toEqual([]);
    expect(await app.db.postReport.count({ where: { postId: blinded.id, dismissedAt: { not: null } } })).toBe(3);

    // The same three accounts cannot blind it again; a new reporter counts from zero.
    await report('post', blinded.id, reporters.slice(0, 3), '또 욕설');
    expect(await queueOf([blinded.id])).toEqual([]);
    await report('post', blinded.id, reporters.slice(3, 4), '새 신고');
    expect((await queueOf([blinded.id])).map((i) => [i.reportCount, i.blindedAt, i.reasons.map((r) => r.reason)])).toEqual([[1, null, ['새 신고']]]);
  });

  it('works on comments too, and restorePost dismisses the same way', async () => {
    const { reporters, post, comment } = await community();
    const parent = await post('부모');
    const badComment = await comment(parent.id, '나쁜 댓글');
    const restored = await post('복구될 글');
    await report('comment', badComment.id, reporters.slice(0, 3), '비방');
    await report('post', restored.id, reporters.slice(0, 3), '광고');

    expect((await exec(app, DISMISS, { id: badComment.id }, { token: moderator.accessToken })).expectData().dismissReports).toBe(3);
    (await exec(app, RESTORE_POST, { id: restored.id }, { token: moderator.accessToken })).expectData();

    expect(await queueOf([badComment.id, restored.id])).toEqual([]);
    expect((await app.db.comment.findUniqueOrThrow({ where: { id: badComment.id } })).blindedAt).toBeNull();
    expect(await app.db.postReport.count({ where: { postId: restored.id, dismissedAt: null } })).toBe(0);
  });

  it('answers NOT_FOUND for an unknown id, FORBIDDEN to members, and changes nothing for them', async () => {
    const { reporters, post } = await community();
    const blinded = await post('신고 셋');
    await report('post', blinded.id, reporters.slice(0, 3), '욕설');

    (await exec(app, DISMISS, { id: '00000000-0000-0000-0000-000000000000' }, { token: moderator.accessToken })).expectError('NOT_FOUND');
    (await exec(app, DISMISS, { id: blinded.id }, { token: reporters[0].accessToken })).expectError('FORBIDDEN');

    expect((await app.db.post.findUniqueOrThrow({ where: { id: blinded.id } })).blindedAt).not.toBeNull();
  });
});
