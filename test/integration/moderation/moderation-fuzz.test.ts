/**
 * Property tests over every argument this feature added (docs/security.md H4), as the callers
 * who can reach them (STAFF for moderation, a member for sendMessage(commentId)): random
 * strings (empty, huge, NUL, lone surrogates, injection-shaped), random and real ids, dates
 * in the past, the future and garbage. Never INTERNAL_SERVER_ERROR, always a code of the
 * closed set, and a refused call changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ErrorCode } from '../../../src/shared/errors';
import type { TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec, type Result } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = 60;
const CODES = new Set<string>(Object.values(ErrorCode));

let app: TestApp;
let moderator: TestAccount;
let sender: TestAccount;
let targetIds: string[];
let commentIds: string[];

beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
  const school = await createCommunitySchool(app.db);
  const board = await createBoard(app.db, { schoolId: school.id });
  moderator = await staff(app);
  sender = await member(app, school.id);
  const author = await member(app, school.id);
  const post = await app.db.post.create({ data: { boardId: board.id, authorId: author.id, title: '글', content: '내용' } });
  const comment = await app.db.comment.create({ data: { postId: post.id, authorId: author.id, content: '댓글', isAnonymous: true, anonymousNumber: 1 } });
  targetIds = [author.id, moderator.id, post.id, comment.id];
  commentIds = [comment.id, post.id];
});
afterAll(() => app.stop());

const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  fc.constantFrom('', ' ', '\u0000', '\ud800', "' OR 1=1--", '%_\\', '익명', '2026-01-01'),
  fc.integer({ min: 100, max: 5000 }).map((n) => 'x'.repeat(n)),
);
/** A real id (read when the property runs, after beforeAll made them), a random uuid, or any string. */
const anyId = (known: () => string[]) => fc.oneof({ weight: 2, arbitrary: fc.nat().map((i) => known()[i % known().length]) }, fc.uuid(), anyString);
const anyDate = fc.oneof(
  fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  anyString,
  fc.constant(null),
);
const anyFirst = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constant(null));

function expectClientOutcome(result: Result): void {
  for (const error of result.errors ?? []) {
    const code = String(error.extensions?.code);
    expect({ code, known: CODES.has(code) }).toEqual({ code: expect.not.stringMatching(/^INTERNAL_SERVER_ERROR$/), known: true });
  }
}

async function suspendedCount(): Promise<number> {
  return app.db.user.count({ where: { suspendedAt: { not: null } } });
}

describe('moderation arguments (property)', () => {
  it('suspendUser(input: { userId, until, reason }) never fails internally, and a refused call suspends nobody', async () => {
    await fc.assert(
      fc.asyncProperty(anyId(() => targetIds), anyDate, anyString, async (userId, until, reason) => {
        const before = await suspendedCount();
        const result = await exec(app, 'mutation S($input: SuspendUserInput!) { suspendUser(input: $input) { until } }', { input: { userId, until, reason } }, { token: moderator.accessToken });
        expectClientOutcome(result);
        if (result.errors?.length) expect(await suspendedCount()).toBe(before);
        await app.db.user.updateMany({ where: { id: { in: targetIds } }, data: { suspendedAt: null, suspendedUntil: null } });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('unsuspendUser(userId) and dismissReports(id) never fail internally', async () => {
    await fc.assert(
      fc.asyncProperty(anyId(() => targetIds), async (id) => {
        expectClientOutcome(await exec(app, 'mutation U($id: ID!) { unsuspendUser(userId: $id) { id } }', { id }, { token: moderator.accessToken }));
        expectClientOutcome(await exec(app, 'mutation D($id: ID!) { dismissReports(id: $id) }', { id }, { token: moderator.accessToken }));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('moderationQueue(first, after, filter) never fails internally', async () => {
    const kinds = fc.constantFrom('POST', 'COMMENT', null, 'OTHER');
    const states = fc.constantFrom('REPORTED', 'BLINDED', null, 'NOPE');
    await fc.assert(
      fc.asyncProperty(anyFirst, fc.oneof(anyString, fc.constant(null)), fc.option(fc.record({ kind: kinds, state: states }), { nil: null }), async (first, after, filter) => {
        const result = await exec(app, 'query Q($first: Int, $after: String, $filter: ModerationQueueFilter) { moderationQueue(first: $first, after: $after, filter: $filter) { totalCount edges { node { id } } } }', { first, after, filter }, { token: moderator.accessToken });
        expectClientOutcome(result);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('sendMessage(commentId) (property)', () => {
  it('never fails internally, and a refused call stores no message', async () => {
    await fc.assert(
      fc.asyncProperty(anyId(() => commentIds), anyString, fc.option(anyId(() => targetIds), { nil: null }), async (commentId, content, recipientId) => {
        const before = await app.db.message.count({ where: { senderId: sender.id } });
        const result = await exec(app, 'mutation M($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { commentId, content, recipientId } }, { token: sender.accessToken });
        expectClientOutcome(result);
        if (result.errors?.length) expect(await app.db.message.count({ where: { senderId: sender.id } })).toBe(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
