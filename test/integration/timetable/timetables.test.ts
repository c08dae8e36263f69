/**
 * Timetables: several per user and semester with one primary, and the rules of adding
 * lectures (slot conflicts named, other semester or school refused, duplicates idempotent,
 * concurrent clashing adds with exactly one winner).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { signUp } from '../../helpers/accounts';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';
import { ADD_LECTURE, CREATE_TIMETABLE, REMOVE_LECTURE, SEMESTER, addLecture, createLecture, createTimetable, schoolWithMembers, slot } from '../../helpers/timetable';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ DATABASE_POOL_MAX: '12' }));
});
afterAll(() => app.stop());

const MY_TIMETABLES = `query($s: String!) { myTimetables(semester: $s) { id name isPrimary lectures { id } } }`;

describe('createTimetable / myTimetables', () => {
  it('makes the first timetable of a semester primary and lists the primary one first', async () => {
    const { members: [me] } = await schoolWithMembers(app, 1);

    const first = await createTimetable(app, me, '시간표 1');
    const second = await createTimetable(app, me, '  시간표 2  ');
    const otherSemester = await createTimetable(app, me, '계절학기', '2026-s');
    const list = (await exec(app, MY_TIMETABLES, { s: SEMESTER }, { token: me.accessToken })).expectData().myTimetables;

    expect(first.isPrimary).toBe(true);
    expect(second.isPrimary).toBe(false);
    expect(otherSemester.isPrimary).toBe(true);
    expect(list.map((t: { name: string; isPrimary: boolean }) => [t.name, t.isPrimary])).toEqual([['시간표 1', true], ['시간표 2', false]]);
  });

  it('is FORBIDDEN to an account without a school, and refuses a bad semester or name with BAD_USER_INPUT', async () => {
    const loner = await signUp(app);
    const { members: [me] } = await schoolWithMembers(app, 1);

    (await exec(app, CREATE_TIMETABLE, { input: { semester: SEMESTER, name: 'x' } }, { token: loner.accessToken })).expectError('FORBIDDEN');
    for (const semester of ['2026-3', '26-1', '2026_1', '', '2026-1 ']) {
      if (semester === '2026-1 ') continue; // trimmed: valid
      const error = (await exec(app, CREATE_TIMETABLE, { input: { semester, name: 'x' } }, { token: me.accessToken })).expectError('BAD_USER_INPUT');
      expect(error.extensions?.fields).toEqual([{ field: 'semester', message: expect.stringContaining('2026-1') }]);
    }
    (await exec(app, CREATE_TIMETABLE, { input: { semester: SEMESTER, name: '   ' } }, { token: me.accessToken })).expectError('BAD_USER_INPUT');
    (await exec(app, CREATE_TIMETABLE, { input: { semester: SEMESTER, name: 'x'.repeat(41) } }, { token: me.accessToken })).expectError('BAD_USER_INPUT');
  });

  it('answers any semester and name with data or BAD_USER_INPUT, never a server error (property)', async () => {
    const { members: [me] } = await schoolWithMembers(app, 1);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('2026-1', '2030-W', '1999-1')), fc.string({ maxLength: 60 }), async (semester, name) => {
        const result = await exec(app, CREATE_TIMETABLE, { input: { semester, name } }, { token: me.accessToken });
        if (result.errors) expect(result.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
        const listed = await exec(app, MY_TIMETABLES, { s: semester }, { token: me.accessToken });
        if (listed.errors) expect(listed.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
      }),
      { numRuns: 40 },
    );
  });
});

describe('renameTimetable / setPrimaryTimetable / setTimetableVisibility / deleteTimetable', () => {
  it('renames, moves the primary mark, and promotes the oldest remaining timetable when the primary one is deleted', async () => {
    const { members: [me] } = await schoolWithMembers(app, 1);
    const one = await createTimetable(app, me, '하나');
    const two = await createTimetable(app, me, '둘');
    const three = await createTimetable(app, me, '셋');
    const as = { token: me.accessToken };

    const renamed = (await exec(app, 'mutation($id: ID!) { renameTimetable(id: $id, name: " 둘째 ") { name } }', { id: two.id }, as)).expectData();
    const primary = (await exec(app, 'mutation($id: ID!) { setPrimaryTimetable(id: $id) { isPrimary } }', { id: three.id }, as)).expectData();
    const again = (await exec(app, 'mutation($id: ID!) { setPrimaryTimetable(id: $id) { isPrimary } }', { id: three.id }, as)).expectData();
    const hidden = (await exec(app, 'mutation($id: ID!) { setTimetableVisibility(id: $id, visibility: PRIVATE) { visibility } }', { id: three.id }, as)).expectData();
    const afterSwitch = (await exec(app, MY_TIMETABLES, { s: SEMESTER }, as)).expectData().myTimetables;
    (await exec(app, 'mutation($id: ID!) { deleteTimetable(id: $id) }', { id: three.id }, as)).expectData();
    const afterDelete = (await exec(app, MY_TIMETABLES, { s: SEMESTER }, as)).expectData().myTimetables;

    expect(renamed.renameTimetable.name).toBe('둘째');
    expect(primary.setPrimaryTimetable.isPrimary).toBe(true);
    expect(again.setPrimaryTimetable.isPrimary).toBe(true);
    expect(hidden.setTimetableVisibility.visibility).toBe('PRIVATE');
    expect(afterSwitch.map((t: { id: string; isPrimary: boolean }) => [t.id, t.isPrimary])).toEqual([[three.id, true], [one.id, false], [two.id, false]]);
    expect(afterDelete.map((t: { id: string; isPrimary: boolean }) => [t.id, t.isPrimary])).toEqual([[one.id, true], [two.id, false]]);
  });

  it("answers NOT_FOUND for another user's timetable, exactly as for an unknown id", async () => {
    const { members: [me, other] } = await schoolWithMembers(app, 2);
    const theirs = await createTimetable(app, other);

    for (const id of [theirs.id, '00000000-0000-0000-0000-000000000000']) {
      const errors = [];
      for (const mutation of ['renameTimetable(id: $id, name: "x") { id }', 'setPrimaryTimetable(id: $id) { id }', 'deleteTimetable(id: $id)', 'setTimetableVisibility(id: $id, visibility: PRIVATE) { id }']) {
        errors.push((await exec(app, `mutation($id: ID!) { ${mutation} }`, { id }, { token: me.accessToken })).expectError('NOT_FOUND').message);
      }
      expect(new Set(errors)).toEqual(new Set(['Timetable not found']));
    }
  });

  it('ends with exactly one primary timetable when setPrimaryTimetable races itself', async () => {
    const { members: [me] } = await schoolWithMembers(app, 1);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await createTimetable(app, me, `t${i}`)).id);

    const results = await Promise.all(ids.map((id) => exec(app, 'mutation($id: ID!) { setPrimaryTimetable(id: $id) { id } }', { id }, { token: me.accessToken })));

    results.forEach((r) => r.expectData());
    const list = (await exec(app, MY_TIMETABLES, { s: SEMESTER }, { token: me.accessToken })).expectData().myTimetables;
    expect(list.filter((t: { isPrimary: boolean }) => t.isPrimary)).toHaveLength(1);
  });
});

describe('addLectureToTimetable / removeLectureFromTimetable', () => {
  it('adds lectures, flattens their slots in week order and adds up credits', async () => {
    const { schoolId, members: [me] } = await schoolWithMembers(app, 1);
    const db = await createLecture(app.db, { schoolId, name: '데이터베이스', credits: 3, slots: [slot('WED 13:30-14:45', '공학관 501'), slot('MON 13:30-14:45', '공학관 501')] });
    const online = await createLecture(app.db, { schoolId, name: '한국사', credits: 2, slots: [] });
    const early = await createLecture(app.db, { schoolId, name: '영어', credits: 2, slots: [slot('MON 09:00-10:15')] });
    const t = await createTimetable(app, me);

    await addLecture(app, me, t.id, db.id);
    await addLecture(app, me, t.id, online.id);
    const result = (await exec(app, ADD_LECTURE, { t: t.id, l: early.id }, { token: me.accessToken })).expectData().addLectureToTimetable;

    expect(result.lectures.map((l: { id: string }) => l.id)).toEqual([db.id, online.id, early.id]);
    expect(result.totalCredits).toBe(7);
    expect(result.slots).toEqual([
      { weekday: 'MON', startMinute: 540, endMinute: 615, room: null, lecture: { id: early.id } },
      { weekday: 'MON', startMinute: 810, endMinute: 885, room: '공학관 501', lecture: { id: db.id } },
      { weekday: 'WED', startMinute: 810, endMinute: 885, room: '공학관 501', lecture: { id: db.id } },
    ]);
  });

  it('refuses an overlapping lecture with CONFLICT naming the clashing lecture and slot; touching slots do not clash', async () => {
    const { schoolId, members: [me] } = await schoolWithMembers(app, 1);
    const first = await createLecture(app.db, { schoolId, code: 'CSE101', section: '01', name: '컴퓨터과학개론', slots: [slot('MON 09:00-10:15'), slot('WED 09:00-10:15')] });
    const clashing = await createLecture(app.db, { schoolId, name: '미적분학', slots: [slot('WED 10:00-11:15')] });
    const touching = await createLecture(app.db, { schoolId, name: '자료구조', slots: [slot('MON 10:15-11:30')] });
    const t = await createTimetable(app, me);
    await addLecture(app, me, t.id, first.id);

    const error = (await exec(app, ADD_LECTURE, { t: t.id, l: clashing.id }, { token: me.accessToken })).expectError('CONFLICT');
    const ok = (await exec(app, ADD_LECTURE, { t: t.id, l: touching.id }, { token: me.accessToken })).expectData();

    expect(error.message).toContain('컴퓨터과학개론');
    expect(error.message).toContain('CSE101-01');
    expect(error.message).toContain('WED 09:00-10:15');
    expect(error.extensions?.fields).toEqual([{ field: 'lectureId', message: expect.stringContaining('컴퓨터과학개론') }]);
    expect(ok.addLectureToTimetable.lectures).toHaveLength(2);
  });

  it('is idempotent for a lecture already in the timetable, and remove is idempotent too', async () => {
    const { schoolId, members: [me] } = await schoolWithMembers(app, 1);
    const lecture = await createLecture(app.db, { schoolId, slots: [slot('TUE 09:00-10:15')] });
    const t = await createTimetable(app, me);

    await addLecture(app, me, t.id, lecture.id);
    const twice = (await exec(app, ADD_LECTURE, { t: t.id, l: lecture.id }, { token: me.accessToken })).expectData().addLectureToTimetable;
    const removed = (await exec(app, REMOVE_LECTURE, { t: t.id, l: lecture.id }, { token: me.accessToken })).expectData().removeLectureFromTimetable;
    const removedAgain = (await exec(app, REMOVE_LECTURE, { t: t.id, l: lecture.id }, { token: me.accessToken })).expectData().removeLectureFromTimetable;

    expect(twice.lectures.map((l: { id: string }) => l.id)).toEqual([lecture.id]);
    expect(removed.lectures).toEqual([]);
    expect(removedAgain.lectures).toEqual([]);
    expect(await app.db.timetableLecture.count({ where: { timetableId: t.id } })).toBe(0);
  });

  it('refuses a lecture of another semester (BAD_USER_INPUT) and one of another school (NOT_FOUND to a member, BAD_USER_INPUT to STAFF)', async () => {
    const { schoolId, members: [me] } = await schoolWithMembers(app, 1);
    const other = await schoolWithMembers(app, 0);
    const later = await createLecture(app.db, { schoolId, semester: '2026-2' });
    const foreign = await createLecture(app.db, { schoolId: other.schoolId });
    const t = await createTimetable(app, me);

    const semesterError = (await exec(app, ADD_LECTURE, { t: t.id, l: later.id }, { token: me.accessToken })).expectError('BAD_USER_INPUT');
    (await exec(app, ADD_LECTURE, { t: t.id, l: foreign.id }, { token: me.accessToken })).expectError('NOT_FOUND');
    await app.db.user.update({ where: { id: me.id }, data: { role: 'STAFF' } });
    const staffToken = (await exec(app, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { login: me.username, password: me.password } })).expectData().login.accessToken;
    const schoolError = (await exec(app, ADD_LECTURE, { t: t.id, l: foreign.id }, { token: staffToken })).expectError('BAD_USER_INPUT');

    expect(semesterError.extensions?.fields).toEqual([{ field: 'lectureId', message: expect.stringContaining('2026-2') }]);
    expect(schoolError.extensions?.fields).toEqual([{ field: 'lectureId', message: expect.stringContaining('school') }]);
    expect(await app.db.timetableLecture.count({ where: { timetableId: t.id } })).toBe(0);
  });

  it('refuses a 31st lecture with BAD_USER_INPUT (online lectures never clash, so the cap bounds a timetable)', async () => {
    const { schoolId, members: [me] } = await schoolWithMembers(app, 1);
    const t = await createTimetable(app, me);
    const ids = [];
    for (let i = 0; i < 31; i++) ids.push((await createLecture(app.db, { schoolId, slots: [] })).id);
    for (const id of ids.slice(0, 30)) await addLecture(app, me, t.id, id);

    const error = (await exec(app, ADD_LECTURE, { t: t.id, l: ids[30] }, { token: me.accessToken })).expectError('BAD_USER_INPUT');
    (await exec(app, ADD_LECTURE, { t: t.id, l: ids[0] }, { token: me.accessToken })).expectData();

    expect(error.extensions?.fields).toEqual([{ field: 'timetableId', message: 'already holds 30 lectures' }]);
  });

  it("answers NOT_FOUND for another user's timetable", async () => {
    const { schoolId, members: [me, other] } = await schoolWithMembers(app, 2);
    const lecture = await createLecture(app.db, { schoolId });
    const theirs = await createTimetable(app, other);

    (await exec(app, ADD_LECTURE, { t: theirs.id, l: lecture.id }, { token: me.accessToken })).expectError('NOT_FOUND');
    (await exec(app, REMOVE_LECTURE, { t: theirs.id, l: lecture.id }, { token: me.accessToken })).expectError('NOT_FOUND');
    expect(await app.db.timetableLecture.count({ where: { timetableId: theirs.id } })).toBe(0);
  });

  it('lets exactly one of many concurrent adds of mutually clashing lectures win', async () => {
    const { schoolId, members: [me] } = await schoolWithMembers(app, 1);
    const lectures = [];
    for (let i = 0; i < 6; i++) lectures.push(await createLecture(app.db, { schoolId, slots: [slot(`FRI 09:${String(i * 5).padStart(2, '0')}-10:00`)] }));
    for (let round = 0; round < 3; round++) {
      const t = await createTimetable(app, me, `경쟁 ${round}`);

      const results = await Promise.all(lectures.map((l) => exec(app, ADD_LECTURE, { t: t.id, l: l.id }, { token: me.accessToken })));

      const codes = results.map((r) => (r.errors ? r.errors[0].extensions?.code : 'OK'));
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(lectures.length - 1);
      expect(await app.db.timetableLecture.count({ where: { timetableId: t.id } })).toBe(1);
    }
  });

  it('answers any pair of ids with data or a client error code (property)', async () => {
    const { schoolId, members: [me] } = await schoolWithMembers(app, 1);
    const lecture = await createLecture(app.db, { schoolId });
    const t = await createTimetable(app, me);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.constant(t.id)), fc.oneof(fc.string({ maxLength: 80 }), fc.constant(lecture.id)), async (tid, lid) => {
        const result = await exec(app, ADD_LECTURE, { t: tid, l: lid }, { token: me.accessToken });
        if (result.errors) expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(result.errors[0].extensions?.code);
      }),
      { numRuns: 30 },
    );
  });
});
