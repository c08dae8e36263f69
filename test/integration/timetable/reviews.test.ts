/**
 * Lecture reviews: eligibility (the lecture is or was in one of the writer's timetables),
 * one per user and lecture (a second call edits), anonymity, counters kept with the reviews,
 * delete, and report blinding as for posts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { TestAccount } from '../../helpers/accounts';
import { member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';
import { REMOVE_LECTURE, SEMESTER, addLecture, createLecture, createTimetable, schoolWithMembers } from '../../helpers/timetable';

const WRITE = `mutation($input: WriteLectureReviewInput!) { writeLectureReview(input: $input) { id rating content semesterTaken isMine isBlinded viewerCanDelete lecture { id reviewCount averageRating } } }`;
const REVIEWS = `query($id: ID!, $order: LectureReviewOrder, $first: Int, $after: String) {
  lecture(id: $id) { reviewCount averageRating reviews(orderBy: $order, first: $first, after: $after) {
    totalCount edges { node { id rating content semesterTaken isMine isBlinded } } pageInfo { hasNextPage endCursor } } }
}`;
const REPORT = 'mutation($id: ID!) { reportLectureReview(id: $id, reason: "욕설") { id isBlinded content } }';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ REPORT_BLIND_THRESHOLD: '2' }));
});
afterAll(() => app.stop());

/** A lecture, and members who have it in a timetable. */
async function lectureTakenBy(count: number) {
  const { schoolId, members } = await schoolWithMembers(app, count + 1);
  const lecture = await createLecture(app.db, { schoolId });
  const takers = members.slice(0, count);
  for (const account of takers) {
    const t = await createTimetable(app, account);
    await addLecture(app, account, t.id, lecture.id);
  }
  return { lecture, takers, bystander: members[count], schoolId };
}

function write(account: TestAccount, lectureId: string, rating: number, content = '좋아요', semesterTaken = SEMESTER) {
  return exec(app, WRITE, { input: { lectureId, rating, content, semesterTaken } }, { token: account.accessToken });
}

describe('writeLectureReview', () => {
  it('writes a review, edits it on the second call, and keeps reviewCount and averageRating with it', async () => {
    const { lecture, takers: [a, b] } = await lectureTakenBy(2);

    const first = (await write(a, lecture.id, 5, '  최고의 강의  ')).expectData().writeLectureReview;
    const second = (await write(b, lecture.id, 2)).expectData().writeLectureReview;
    const edited = (await write(a, lecture.id, 4, '다시 생각해보니 괜찮음', '2025-2')).expectData().writeLectureReview;

    expect(first).toMatchObject({ rating: 5, content: '최고의 강의', isMine: true, lecture: { reviewCount: 1, averageRating: 5 } });
    expect(second.lecture).toMatchObject({ reviewCount: 2, averageRating: 3.5 });
    expect(edited).toMatchObject({ id: first.id, rating: 4, semesterTaken: '2025-2', lecture: { reviewCount: 2, averageRating: 3 } });
    expect(await app.db.lectureReview.count({ where: { lectureId: lecture.id } })).toBe(2);
  });

  it('stays allowed after the lecture left the timetable, and is FORBIDDEN for a lecture never in one', async () => {
    const { lecture, takers: [a], bystander } = await lectureTakenBy(1);
    const [timetable] = (await exec(app, 'query { myTimetables(semester: "2026-1") { id } }', {}, { token: a.accessToken })).expectData().myTimetables;
    (await exec(app, REMOVE_LECTURE, { t: timetable.id, l: lecture.id }, { token: a.accessToken })).expectData();

    (await write(a, lecture.id, 3)).expectData();
    (await write(bystander, lecture.id, 1)).expectError('FORBIDDEN');
    expect(await app.db.lectureReview.count({ where: { lectureId: lecture.id } })).toBe(1);
  });

  it('refuses a bad rating, empty content, or a semester after the lecture with BAD_USER_INPUT, writing nothing', async () => {
    const { lecture, takers: [a] } = await lectureTakenBy(1);

    for (const [rating, content, semester, field] of [[0, 'x', SEMESTER, 'rating'], [6, 'x', SEMESTER, 'rating'], [3, '   ', SEMESTER, 'content'], [3, 'x', '2026-2', 'semesterTaken'], [3, 'x', '2026', 'semesterTaken']] as const) {
      const error = (await write(a, lecture.id, rating, content, semester)).expectError('BAD_USER_INPUT');
      expect((error.extensions!.fields as { field: string }[])[0].field).toContain(field);
    }
    expect(await app.db.lectureReview.count({ where: { lectureId: lecture.id } })).toBe(0);
  });

  it('keeps the counters exact when many writers review at once', async () => {
    const { lecture, takers } = await lectureTakenBy(6);

    const results = await Promise.all(takers.map((t, i) => write(t, lecture.id, (i % 5) + 1)));

    results.forEach((r) => r.expectData());
    const row = await app.db.lecture.findUniqueOrThrow({ where: { id: lecture.id } });
    expect(row).toMatchObject({ reviewCount: 6, ratingSum: 1 + 2 + 3 + 4 + 5 + 1 });
    expect(row.averageRating).toBeCloseTo(16 / 6);
  });

  it('answers any input with data or a client error (property)', async () => {
    const { lecture, takers: [a] } = await lectureTakenBy(1);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -10, max: 10 }), fc.string({ maxLength: 50 }), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('2026-1', '2025-S', '2024-w')), fc.oneof(fc.constant(lecture.id), fc.string({ maxLength: 70 })), async (rating, content, semester, id) => {
        const result = await exec(app, WRITE, { input: { lectureId: id, rating, content, semesterTaken: semester } }, { token: a.accessToken });
        if (result.errors) expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(result.errors[0].extensions?.code);
      }),
      { numRuns: 40 },
    );
  });
});

describe('Lecture.reviews', () => {
  it('is anonymous to others (no writer field exists), sorts NEWEST/HIGHEST/LOWEST and pages', async () => {
    const { lecture, takers, bystander } = await lectureTakenBy(4);
    for (const [i, rating] of [3, 5, 1, 4].entries()) (await write(takers[i], lecture.id, rating, `후기 ${i}`)).expectData();

    const newest = (await exec(app, REVIEWS, { id: lecture.id }, { token: bystander.accessToken })).expectData().lecture;
    const highest = (await exec(app, REVIEWS, { id: lecture.id, order: 'HIGHEST' }, { token: bystander.accessToken })).expectData().lecture;
    const lowest = (await exec(app, REVIEWS, { id: lecture.id, order: 'LOWEST', first: 3 }, { token: takers[0].accessToken })).expectData().lecture;
    const rest = (await exec(app, REVIEWS, { id: lecture.id, order: 'LOWEST', first: 3, after: lowest.reviews.pageInfo.endCursor }, { token: takers[0].accessToken })).expectData().lecture;
    const writerField = await exec(app, 'query($id: ID!) { lecture(id: $id) { reviews { edges { node { author { id } } } } } }', { id: lecture.id }, { token: bystander.accessToken });

    expect(newest.reviews.edges.map((e: { node: { content: string } }) => e.node.content)).toEqual(['후기 3', '후기 2', '후기 1', '후기 0']);
    expect(newest.reviews.edges.every((e: { node: { isMine: boolean } }) => !e.node.isMine)).toBe(true);
    expect(newest.reviews.totalCount).toBe(4);
    expect(highest.reviews.edges.map((e: { node: { rating: number } }) => e.node.rating)).toEqual([5, 4, 3, 1]);
    expect(lowest.reviews.edges.map((e: { node: { rating: number } }) => e.node.rating)).toEqual([1, 3, 4]);
    expect(lowest.reviews.edges.map((e: { node: { isMine: boolean } }) => e.node.isMine)).toEqual([false, true, false]);
    expect(rest.reviews.edges.map((e: { node: { rating: number } }) => e.node.rating)).toEqual([5]);
    expect(rest.reviews.pageInfo.hasNextPage).toBe(false);
    writerField.expectError('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('deleteLectureReview', () => {
  it('lets the writer and STAFF delete (moving the counters back), FORBIDDEN for others', async () => {
    const { lecture, takers: [a, b], bystander, schoolId } = await lectureTakenBy(2);
    const ra = (await write(a, lecture.id, 5)).expectData().writeLectureReview;
    const rb = (await write(b, lecture.id, 1)).expectData().writeLectureReview;
    const operator = await staff(app, schoolId);
    const del = 'mutation($id: ID!) { deleteLectureReview(id: $id) }';

    (await exec(app, del, { id: ra.id }, { token: bystander.accessToken })).expectError('FORBIDDEN');
    (await exec(app, del, { id: ra.id }, { token: a.accessToken })).expectData();
    const afterOne = await app.db.lecture.findUniqueOrThrow({ where: { id: lecture.id } });
    (await exec(app, del, { id: rb.id }, { token: operator.accessToken })).expectData();
    const afterBoth = await app.db.lecture.findUniqueOrThrow({ where: { id: lecture.id } });
    (await exec(app, del, { id: rb.id }, { token: b.accessToken })).expectError('NOT_FOUND');

    expect(afterOne).toMatchObject({ reviewCount: 1, ratingSum: 1, averageRating: 1 });
    expect(afterBoth).toMatchObject({ reviewCount: 0, ratingSum: 0, averageRating: null });
  });
});

describe('reportLectureReview', () => {
  it('blinds the text after the threshold (once per reporter) for everyone but STAFF, until STAFF restores it', async () => {
    const { lecture, takers: [writer], schoolId } = await lectureTakenBy(1);
    const { id } = (await write(writer, lecture.id, 1, '숨겨질 내용')).expectData().writeLectureReview;
    const others = [];
    for (let i = 0; i < 2; i++) others.push(await member(app, schoolId));
    const operator = await staff(app, schoolId);

    (await exec(app, REPORT, { id }, { token: writer.accessToken })).expectError('BAD_USER_INPUT');
    const once = (await exec(app, REPORT, { id }, { token: others[0].accessToken })).expectData().reportLectureReview;
    const repeated = (await exec(app, REPORT, { id }, { token: others[0].accessToken })).expectData().reportLectureReview;
    const blinded = (await exec(app, REPORT, { id }, { token: others[1].accessToken })).expectData().reportLectureReview;
    const seenByWriter = (await exec(app, REVIEWS, { id: lecture.id }, { token: writer.accessToken })).expectData().lecture.reviews.edges[0].node;
    const seenByStaff = (await exec(app, REVIEWS, { id: lecture.id }, { token: operator.accessToken })).expectData().lecture.reviews.edges[0].node;
    const restored = (await exec(app, 'mutation($id: ID!) { restoreLectureReview(id: $id) { isBlinded content } }', { id }, { token: operator.accessToken })).expectData();
    (await exec(app, 'mutation($id: ID!) { restoreLectureReview(id: $id) { id } }', { id }, { token: writer.accessToken })).expectError('FORBIDDEN');

    expect([once.isBlinded, repeated.isBlinded, blinded.isBlinded]).toEqual([false, false, true]);
    expect(blinded.content).toBeNull();
    expect(seenByWriter).toMatchObject({ isBlinded: true, content: null });
    expect(seenByStaff).toMatchObject({ isBlinded: true, content: '숨겨질 내용' });
    expect(restored.restoreLectureReview).toEqual({ isBlinded: false, content: '숨겨질 내용' });
  });
});
