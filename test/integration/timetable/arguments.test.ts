/**
 * Property tests over the arguments of the timetable queries not covered elsewhere
 * (mutations are fuzzed by test/integration/security/mutation-fuzz.test.ts): any value is
 * answered with data or a client error code, never INTERNAL_SERVER_ERROR.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { TestAccount } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { SEMESTER, befriend, createLecture, schoolWithMembers } from '../../helpers/timetable';

let app: TestApp;
let me: TestAccount;
let friend: TestAccount;
let lectureId: string;

beforeAll(async () => {
  app = await createTestApp();
  const school = await schoolWithMembers(app, 2);
  [me, friend] = school.members;
  await befriend(app, me, friend);
  lectureId = (await createLecture(app.db, { schoolId: school.schoolId })).id;
});
afterAll(() => app.stop());

const CLIENT_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED'];
const text = () => fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom(SEMESTER, '2026-S', "'; DROP TABLE lectures; --", ''));
const page = () => fc.record({ first: fc.option(fc.integer({ min: -10, max: 200 }), { nil: undefined }), after: fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.base64String({ maxLength: 60 })), { nil: undefined }) });

async function clientErrorsOnly(query: string, variables: Record<string, unknown>): Promise<void> {
  const result = await exec(app, query, variables, { token: me.accessToken });
  for (const error of result.errors ?? []) expect(CLIENT_CODES).toContain(error.extensions?.code);
}

describe('timetable query arguments (property)', () => {
  it('friendTimetable(userId, semester)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text(), fc.constant(friend.id)), text(), (userId, semester) =>
        clientErrorsOnly('query($u: ID!, $s: String!) { friendTimetable(userId: $u, semester: $s) { id } }', { u: userId, s: semester }),
      ),
      { numRuns: 40 },
    );
  });

  it('friends(first, after) { primaryTimetable(semester) } and friendRequests(direction, first, after)', async () => {
    await fc.assert(
      fc.asyncProperty(page(), text(), fc.constantFrom('INCOMING', 'OUTGOING', 'SIDEWAYS'), async (args, semester, direction) => {
        await clientErrorsOnly('query($f: Int, $a: String, $s: String!) { friends(first: $f, after: $a) { edges { node { primaryTimetable(semester: $s) { id } } } } }', { f: args.first, a: args.after, s: semester });
        await clientErrorsOnly('query($d: FriendRequestDirection!, $f: Int, $a: String) { friendRequests(direction: $d, first: $f, after: $a) { totalCount } }', { d: direction, f: args.first, a: args.after });
      }),
      { numRuns: 40 },
    );
  });

  it('Lecture.reviews(first, after, orderBy)', async () => {
    await fc.assert(
      fc.asyncProperty(page(), fc.constantFrom('NEWEST', 'HIGHEST', 'LOWEST', 'RANDOM'), (args, orderBy) =>
        clientErrorsOnly('query($id: ID!, $f: Int, $a: String, $o: LectureReviewOrder) { lecture(id: $id) { reviews(first: $f, after: $a, orderBy: $o) { totalCount } } }', { id: lectureId, f: args.first, a: args.after, o: orderBy }),
      ),
      { numRuns: 40 },
    );
  });
});
