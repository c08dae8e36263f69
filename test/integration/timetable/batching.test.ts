/**
 * The SQL budget of the timetable module: statement counts depend on the query's shape,
 * never on how many timetables, lectures, reviews or friends there are.
 *
 * - `myTimetables { lectures { slots reviews(first: 3) averageRating } totalCredits slots }`:
 *   session check, the timetables, every timetable's lectures, every lecture's first reviews.
 * - `friends(first: 50) { user primaryTimetable(semester) { lectures { slots } totalCredits } }`:
 *   session check, the friends page (users joined), every friend's shared primary timetable,
 *   every timetable's lectures.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestAccount } from '../../helpers/accounts';
import { member } from '../../helpers/community';
import { createSchool, unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';
import { SEMESTER, slot } from '../../helpers/timetable';
import type { Db } from '../../../src/db/prisma';

export const MY_TIMETABLES = `query MyTimetablesWithReviews($semester: String!) {
  myTimetables(semester: $semester) {
    id name isPrimary totalCredits
    slots { weekday startMinute endMinute lecture { id } }
    lectures { id name credits averageRating reviewCount slots { weekday startMinute endMinute room }
      reviews(first: 3) { edges { node { id rating content semesterTaken isMine } } } }
  }
}`;

export const FRIENDS_TIMETABLES = `query FriendsTimetables($semester: String!) {
  friends(first: 50) { edges { node { since user { id nickname } primaryTimetable(semester: $semester) {
    id name totalCredits lectures { id name code credits slots { weekday startMinute endMinute room } }
  } } } }
}`;

let app: TestApp;
let db: Db;

/** `count` lectures of a school, each with two meetings and `reviews` reviews by fresh users. */
async function seedLectures(schoolId: string, count: number, reviews: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.lecture.createMany({
    data: ids.map((id, i) => ({
      id, schoolId, semester: SEMESTER, code: unique('L'), section: '01', name: `강의 ${i}`, professor: '교수', credits: 3, kind: 'GENERAL',
      slots: [slot(`MON ${String(8 + (i % 10)).padStart(2, '0')}:00-${String(8 + (i % 10)).padStart(2, '0')}:50`), slot('FRI 13:00-13:50')] as never,
    })),
  });
  if (reviews > 0) {
    const writers = Array.from({ length: reviews }, () => ({ id: randomUUID(), nickname: 'w', schoolId }));
    await db.user.createMany({ data: writers });
    await db.lectureReview.createMany({
      data: ids.flatMap((lectureId) => writers.map((w, r) => ({ lectureId, authorId: w.id, rating: (r % 5) + 1, content: `후기 ${r}`, semesterTaken: SEMESTER }))),
    });
    await db.lecture.updateMany({ where: { id: { in: ids } }, data: { reviewCount: reviews } });
  }
  return ids;
}

/** `count` timetables of the user, each holding all of `lectureIds` (conflicts are not the point here). */
async function seedTimetables(userId: string, schoolId: string, count: number, lectureIds: string[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const t = await db.timetable.create({ data: { userId, schoolId, semester: SEMESTER, name: `t${i}`, primarySemester: i === 0 ? SEMESTER : null } });
    await db.timetableLecture.createMany({ data: lectureIds.map((lectureId) => ({ timetableId: t.id, lectureId })) });
  }
}

/** `count` friends of the viewer, each with a primary timetable of `lecturesEach` lectures. */
async function seedFriends(viewer: TestAccount, schoolId: string, count: number, lecturesEach: number): Promise<void> {
  const lectureIds = await seedLectures(schoolId, lecturesEach, 0);
  const friends = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), nickname: `친구${i}`, schoolId }));
  await db.user.createMany({ data: friends });
  await db.friendship.createMany({
    data: friends.map((f) => ({ userLowId: f.id < viewer.id ? f.id : viewer.id, userHighId: f.id < viewer.id ? viewer.id : f.id, requesterId: f.id, state: 'ACCEPTED' as const, acceptedAt: new Date() })),
  });
  for (const friend of friends) await seedTimetables(friend.id, schoolId, 1, lectureIds);
}

beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
  db = app.db;
}, 60_000);
afterAll(() => app.stop());

describe('SQL statements per request', () => {
  it('answers myTimetables with lectures, slots and reviews(first: 3) in 4 statements, for 1×8 or 5×20 lectures with 0 or 10 reviews each', async () => {
    const counts: Record<string, number> = {};
    for (const [name, timetables, lectures, reviews] of [['t1l8r0', 1, 8, 0], ['t1l8r10', 1, 8, 10], ['t5l20r10', 5, 20, 10]] as const) {
      const school = await createSchool(db);
      const viewer = await member(app, school.id);
      await seedTimetables(viewer.id, school.id, timetables, await seedLectures(school.id, lectures, reviews));

      const result = await exec(app, MY_TIMETABLES, { semester: SEMESTER }, { token: viewer.accessToken });

      const data = result.expectData().myTimetables;
      expect(data).toHaveLength(timetables);
      expect(data[0].lectures).toHaveLength(lectures);
      expect(data[0].totalCredits).toBe(3 * lectures);
      expect(data[0].slots).toHaveLength(2 * lectures);
      expect(data[0].lectures[0].reviews.edges).toHaveLength(Math.min(3, reviews));
      counts[name] = result.sqlStatements!;
    }

    expect(counts).toEqual({ t1l8r0: 4, t1l8r10: 4, t5l20r10: 4 });
  });

  it('answers friends { primaryTimetable { lectures { slots } } } in 4 statements for 5 or 50 friends × 8 lectures', async () => {
    const counts: Record<string, number> = {};
    for (const [name, friends] of [['f5', 5], ['f50', 50]] as const) {
      const school = await createSchool(db);
      const viewer = await member(app, school.id);
      await seedFriends(viewer, school.id, friends, 8);

      const result = await exec(app, FRIENDS_TIMETABLES, { semester: SEMESTER }, { token: viewer.accessToken });

      const edges = result.expectData().friends.edges;
      expect(edges).toHaveLength(friends);
      expect(edges.every((e: { node: { primaryTimetable: { lectures: unknown[]; totalCredits: number } } }) => e.node.primaryTimetable.lectures.length === 8 && e.node.primaryTimetable.totalCredits === 24)).toBe(true);
      counts[name] = result.sqlStatements!;
    }

    expect(counts).toEqual({ f5: 4, f50: 4 });
  });

  it('keeps two differently shaped review lists apart (one statement each); their totalCount costs no statement', async () => {
    const school = await createSchool(db);
    const viewer = await member(app, school.id);
    await seedTimetables(viewer.id, school.id, 2, await seedLectures(school.id, 6, 5));
    const query = `query($s: String!) { myTimetables(semester: $s) { lectures {
      top: reviews(first: 2, orderBy: HIGHEST) { totalCount edges { node { rating } } }
      low: reviews(first: 1, orderBy: LOWEST) { edges { node { rating } } } } } }`;

    const result = await exec(app, query, { s: SEMESTER }, { token: viewer.accessToken });

    const lecture = result.expectData().myTimetables[0].lectures[0];
    expect(lecture.top.edges.map((e: { node: { rating: number } }) => e.node.rating)).toEqual([5, 4]);
    expect(lecture.top.totalCount).toBe(5);
    expect(lecture.low.edges.map((e: { node: { rating: number } }) => e.node.rating)).toEqual([1]);
    // Session, timetables, lectures, one per review list; totalCount is the lecture's counter (no statement).
    expect(result.sqlStatements).toBe(5);
  });
});
