/**
 * Timetable test data: catalogue lectures written through Prisma (the import's own path is
 * tested separately), and the GraphQL documents the timetable tests share.
 */
import type { App } from '../../src/app';
import type { Db } from '../../src/db/prisma';
import type { Lecture } from '../../src/generated/prisma/client';
import type { Slot } from '../../src/modules/timetable/slots';
import type { Weekday } from '../../src/modules/timetable/weekday';
import type { TestAccount } from './accounts';
import { member } from './community';
import { createSchool, unique } from './factories';
import { exec } from './graphql';

export const SEMESTER = '2026-1';

/** A slot from "MON 09:00-10:15". */
export function slot(text: string, room: string | null = null): Slot {
  const [day, range] = text.split(' ');
  const [start, end] = range.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h * 60 + m;
  });
  return { weekday: day as Weekday, startMinute: start, endMinute: end, room };
}

export function createLecture(
  db: Db,
  options: { schoolId: string; semester?: string; code?: string; section?: string; name?: string; professor?: string; credits?: number; kind?: Lecture['kind']; slots?: Slot[] },
): Promise<Lecture> {
  return db.lecture.create({
    data: {
      schoolId: options.schoolId,
      semester: options.semester ?? SEMESTER,
      code: options.code ?? unique('C').toUpperCase().slice(0, 12),
      section: options.section ?? '01',
      name: options.name ?? unique('강의'),
      professor: options.professor ?? '김교수',
      credits: options.credits ?? 3,
      kind: options.kind ?? 'MAJOR_REQUIRED',
      slots: (options.slots ?? []) as never,
    },
  });
}

/** A school with `count` members. */
export async function schoolWithMembers(app: App, count: number): Promise<{ schoolId: string; members: TestAccount[] }> {
  const school = await createSchool(app.db);
  const members: TestAccount[] = [];
  for (let i = 0; i < count; i++) members.push(await member(app, school.id));
  return { schoolId: school.id, members };
}

export const TIMETABLE_FIELDS = `id semester name isPrimary visibility totalCredits
  lectures { id code section name credits slots { weekday startMinute endMinute room } }
  slots { weekday startMinute endMinute room lecture { id } }`;

export const CREATE_TIMETABLE = `mutation($input: CreateTimetableInput!) { createTimetable(input: $input) { ${TIMETABLE_FIELDS} } }`;
export const ADD_LECTURE = `mutation($t: ID!, $l: ID!) { addLectureToTimetable(timetableId: $t, lectureId: $l) { ${TIMETABLE_FIELDS} } }`;
export const REMOVE_LECTURE = `mutation($t: ID!, $l: ID!) { removeLectureFromTimetable(timetableId: $t, lectureId: $l) { ${TIMETABLE_FIELDS} } }`;

export async function createTimetable(app: App, account: TestAccount, name = '시간표 1', semester = SEMESTER): Promise<{ id: string; isPrimary: boolean }> {
  return (await exec(app, CREATE_TIMETABLE, { input: { semester, name } }, { token: account.accessToken })).expectData().createTimetable;
}

export async function addLecture(app: App, account: TestAccount, timetableId: string, lectureId: string): Promise<void> {
  (await exec(app, ADD_LECTURE, { t: timetableId, l: lectureId }, { token: account.accessToken })).expectData();
}

/** Makes `a` and `b` friends through the API. */
export async function befriend(app: App, a: TestAccount, b: TestAccount): Promise<void> {
  (await exec(app, 'mutation($u: ID!) { sendFriendRequest(userId: $u) { status } }', { u: b.id }, { token: a.accessToken })).expectData();
  (await exec(app, 'mutation($u: ID!) { acceptFriendRequest(userId: $u) { status } }', { u: a.id }, { token: b.accessToken })).expectData();
}
