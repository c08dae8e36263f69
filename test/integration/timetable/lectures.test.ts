/**
 * The catalogue: `lectures(schoolId, semester, filter, orderBy, first, after)` and
 * `lecture(id)`, for members of the school (and STAFF) only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { signUp } from '../../helpers/accounts';
import { staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { SEMESTER, createLecture, schoolWithMembers, slot } from '../../helpers/timetable';
import type { TestAccount } from '../../helpers/accounts';

const LECTURES = `query($school: ID!, $semester: String!, $filter: LectureFilter, $orderBy: LectureOrder, $first: Int, $after: String) {
  lectures(schoolId: $school, semester: $semester, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id code section name professor credits capacity kind isOnline semester reviewCount averageRating slots { weekday startMinute endMinute room } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let app: TestApp;
let schoolId: string;
let me: TestAccount;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  ({ schoolId, members: [me] } = await schoolWithMembers(app, 1));
  const rows = [
    { key: 'os', code: 'CSE202', name: '운영체제', professor: '최지훈', credits: 3, kind: 'MAJOR_ELECTIVE', slots: [slot('TUE 09:00-10:15'), slot('THU 09:00-10:15')] },
    { key: 'db', code: 'CSE301', name: '데이터베이스', professor: '정수진', credits: 3, kind: 'MAJOR_ELECTIVE', slots: [slot('MON 13:30-14:45', '공학관 501')] },
    { key: 'history', code: 'HIS110', name: '한국사의 이해', professor: '장민호', credits: 2, kind: 'GENERAL', slots: [] },
    { key: 'english', code: 'ENG101', name: '대학영어', professor: 'Emily Clark', credits: 2, kind: 'GENERAL', slots: [slot('TUE 15:00-16:50')] },
    { key: 'intro', code: 'CSE101', name: '컴퓨터과학개론', professor: '김철수', credits: 3, kind: 'MAJOR_REQUIRED', slots: [slot('MON 09:00-10:15'), slot('WED 09:00-10:15')] },
  ] as const;
  for (const row of rows) ids[row.key] = (await createLecture(app.db, { schoolId, ...row, slots: [...row.slots] })).id;
  await createLecture(app.db, { schoolId, semester: '2026-2', code: 'CSE999', name: '다른 학기' });
}, 60_000);
afterAll(() => app.stop());

async function list(variables: Record<string, unknown>, account = me) {
  return exec(app, LECTURES, { school: schoolId, semester: SEMESTER, ...variables }, { token: account.accessToken });
}
const names = (data: Record<string, any>): string[] => data.lectures.edges.map((e: { node: { name: string } }) => e.node.name);

describe('lectures', () => {
  it("lists the semester's catalogue by name, with slots in week order and isOnline", async () => {
    const data = (await list({})).expectData();

    expect(names(data)).toEqual(['대학영어', '데이터베이스', '운영체제', '컴퓨터과학개론', '한국사의 이해']);
    expect(data.lectures.totalCount).toBe(5);
    const intro = data.lectures.edges.find((e: { node: { id: string } }) => e.node.id === ids.intro).node;
    expect(intro).toMatchObject({ code: 'CSE101', kind: 'MAJOR_REQUIRED', isOnline: false, semester: SEMESTER, reviewCount: 0, averageRating: null });
    expect(intro.slots).toEqual([{ weekday: 'MON', startMinute: 540, endMinute: 615, room: null }, { weekday: 'WED', startMinute: 540, endMinute: 615, room: null }]);
    expect(data.lectures.edges.find((e: { node: { id: string } }) => e.node.id === ids.history).node.isOnline).toBe(true);
  });

  it('searches name, professor and code by Korean or Latin substring, and filters by weekday, credits and kind', async () => {
    expect(names((await list({ filter: { search: '데이터' } })).expectData())).toEqual(['데이터베이스']);
    expect(names((await list({ filter: { search: '수진' } })).expectData())).toEqual(['데이터베이스']);
    expect(names((await list({ filter: { search: 'cse1' } })).expectData())).toEqual(['컴퓨터과학개론']);
    expect(names((await list({ filter: { search: '%' } })).expectData())).toEqual([]);
    expect(names((await list({ filter: { weekday: 'TUE' } })).expectData())).toEqual(['대학영어', '운영체제']);
    expect(names((await list({ filter: { credits: 2 } })).expectData())).toEqual(['대학영어', '한국사의 이해']);
    expect(names((await list({ filter: { kind: 'MAJOR_ELECTIVE', weekday: 'MON' } })).expectData())).toEqual(['데이터베이스']);
  });

  it('keeps only lectures that fit into the freeAt times (online lectures always fit)', async () => {
    const mondayMorning = [{ weekday: 'MON', startMinute: 480, endMinute: 720 }];
    const mondayAndWednesday = [...mondayMorning, { weekday: 'WED', startMinute: 540, endMinute: 615 }];

    expect(names((await list({ filter: { freeAt: mondayMorning } })).expectData())).toEqual(['한국사의 이해']);
    expect(names((await list({ filter: { freeAt: mondayAndWednesday } })).expectData())).toEqual(['컴퓨터과학개론', '한국사의 이해']);
    const bad = (await list({ filter: { freeAt: [{ weekday: 'MON', startMinute: 600, endMinute: 540 }] } })).expectError('BAD_USER_INPUT');
    expect(bad.extensions?.fields).toEqual([{ field: 'filter.freeAt.0', message: 'endMinute must be after startMinute' }]);
  });

  it('orders by code or review count and pages with cursors', async () => {
    const byCode = (await list({ orderBy: { field: 'CODE', direction: 'DESC' } })).expectData();
    expect(byCode.lectures.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['HIS110', 'ENG101', 'CSE301', 'CSE202', 'CSE101']);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data = (await list({ first: 2, after, orderBy: { field: 'REVIEW_COUNT', direction: 'DESC' } })).expectData();
      seen.push(...names(data));
      after = data.lectures.pageInfo.endCursor;
      expect(data.lectures.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(new Set(seen).size).toBe(5);
  });

  it('is NOT_FOUND to a non-member (any other school, or none), the same as for an unknown school; STAFF reads it', async () => {
    const { members: [outsider] } = await schoolWithMembers(app, 1);
    const loner = await signUp(app);
    const operator = await staff(app);

    const messages = [];
    for (const account of [outsider, loner]) messages.push((await list({}, account)).expectError('NOT_FOUND').message);
    messages.push((await exec(app, LECTURES, { school: '00000000-0000-0000-0000-000000000000', semester: SEMESTER }, { token: me.accessToken })).expectError('NOT_FOUND').message);

    expect(new Set(messages)).toEqual(new Set(['School not found']));
    expect((await list({}, operator)).expectData().lectures.totalCount).toBe(5);
    (await exec(app, '{ lectures(schoolId: "x", semester: "2026-1") { totalCount } }')).expectError('UNAUTHENTICATED');
  });

  it('answers BAD_USER_INPUT for a malformed semester or cursor', async () => {
    const semester = (await list({ semester: '2026-3' })).expectError('BAD_USER_INPUT');
    const cursor = (await list({ after: 'bm90LWEtY3Vyc29y' })).expectError('BAD_USER_INPUT');

    expect(semester.extensions?.fields).toEqual([{ field: 'semester', message: expect.stringContaining('2026-1') }]);
    expect(cursor.extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
  });

  it('answers any filter, order and page arguments with data or BAD_USER_INPUT (property)', async () => {
    const weekday = fc.constantFrom('MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN');
    const slotArb = fc.record({ weekday, startMinute: fc.integer({ min: -100, max: 1600 }), endMinute: fc.integer({ min: -100, max: 1600 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          semester: fc.oneof(fc.constant(SEMESTER), fc.string({ maxLength: 20 })),
          first: fc.option(fc.integer({ min: -5, max: 150 }), { nil: undefined }),
          after: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 40 })), { nil: undefined }),
          filter: fc.option(
            fc.record({
              search: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
              weekday: fc.option(weekday, { nil: undefined }),
              credits: fc.option(fc.integer({ min: -3, max: 40 }), { nil: undefined }),
              freeAt: fc.option(fc.array(slotArb, { maxLength: 60 }), { nil: undefined }),
            }),
            { nil: undefined },
          ),
          orderBy: fc.option(fc.record({ field: fc.constantFrom('NAME', 'CODE', 'AVERAGE_RATING', 'REVIEW_COUNT'), direction: fc.constantFrom('ASC', 'DESC') }), { nil: undefined }),
        }),
        async (variables) => {
          const result = await list(variables);
          if (result.errors) expect(result.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('lecture(id)', () => {
  it('answers a member, and NOT_FOUND to a member of another school as for an unknown id', async () => {
    const { members: [outsider] } = await schoolWithMembers(app, 1);
    const query = 'query($id: ID!) { lecture(id: $id) { id name } }';

    expect((await exec(app, query, { id: ids.db }, { token: me.accessToken })).expectData().lecture.name).toBe('데이터베이스');
    const foreign = (await exec(app, query, { id: ids.db }, { token: outsider.accessToken })).expectError('NOT_FOUND');
    const unknown = (await exec(app, query, { id: 'nope' }, { token: me.accessToken })).expectError('NOT_FOUND');
    expect(foreign.message).toBe(unknown.message);
  });
});
