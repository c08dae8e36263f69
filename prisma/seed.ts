/**
 * `npm run db:seed`: a demo data set for development (never read by tests). It goes through
 * the application's own services, so counters, anonymous numbers and hashes are exactly
 * what the API would have produced. Running it again changes nothing once the demo accounts
 * exist.
 */
import { createApp, type App } from '../src/app';
import { Role, type Viewer } from '../src/auth/viewer';
import { loadConfigFromProcess } from '../src/config';
import { resolveDatabase } from '../src/db/database';
import { withDevelopmentSecrets } from '../src/db/dev-secrets';
import { applyMigrations } from '../src/db/migrations';
import { migrateJobQueue } from '../src/jobs/job-queue-schema';
import { readFileSync } from 'node:fs';
import { BoardCategory } from '../src/modules/community/board.types';
import { applyLectureImport, parseLectureCsv } from '../src/modules/timetable/lecture-import';
import { projectFile } from '../src/shared/project-files';
import { createLogger } from '../src/shared/logger';

/** Printed on seeding: development data only. */
export const DEMO_PASSWORD = 'campus-demo-1234';

const SCHOOLS = [
  { name: '한국대학교', region: '서울', domain: 'hankook.ac.kr', allowsClubBoards: true },
  { name: '바다대학교', region: '부산', domain: 'bada.ac.kr', allowsClubBoards: false },
];

const BOARDS: { name: string; category: BoardCategory; description: string }[] = [
  { name: '자유게시판', category: BoardCategory.FREE, description: '무엇이든 자유롭게' },
  { name: '비밀게시판', category: BoardCategory.SECRET, description: '익명으로 털어놓기' },
  { name: '정보게시판', category: BoardCategory.INFO, description: '수업, 장학금, 취업 정보' },
  { name: '장터', category: BoardCategory.MARKET, description: '중고 책과 물건 거래' },
];

const USERS = [
  { username: 'minji', nickname: '민지', school: 0, role: Role.USER },
  { username: 'junho', nickname: '준호', school: 0, role: Role.USER },
  { username: 'seoyeon', nickname: '서연', school: 0, role: Role.USER },
  { username: 'dohyun', nickname: '도현', school: 1, role: Role.USER },
  { username: 'admin', nickname: '관리자', school: 0, role: Role.STAFF },
];

const POSTS: { by: number; board: number; title: string; content: string; anonymous?: boolean; comments: { by: number; text: string; anonymous?: boolean; replies?: { by: number; text: string; anonymous?: boolean }[] }[]; likes: number[] }[] = [
  {
    by: 0, board: 0, title: '파이썬 스터디 모집합니다', content: '매주 화요일 저녁 7시, 도서관 3층에서 파이썬 기초부터 같이 공부해요. 초보 환영!',
    comments: [
      { by: 1, text: '저 참여하고 싶어요!', replies: [{ by: 0, text: '환영해요 :) 쪽지 주세요' }] },
      { by: 2, text: '교재는 따로 있나요?', anonymous: true, replies: [{ by: 0, text: '무료 온라인 자료로 할 거예요' }] },
    ],
    likes: [1, 2],
  },
  {
    by: 1, board: 1, title: '시험 기간인데 잠이 안 와요', content: '다들 어떻게 버티시나요... 커피만 벌써 네 잔째', anonymous: true,
    comments: [
      { by: 2, text: '저도요 ㅠㅠ 같이 힘내요', anonymous: true },
      { by: 1, text: '다들 감사합니다', anonymous: true },
      { by: 0, text: '산책 잠깐 하고 오면 좀 나아요', anonymous: true, replies: [{ by: 2, text: '오 좋은 방법이네요', anonymous: true }] },
    ],
    likes: [0, 2],
  },
  {
    by: 2, board: 2, title: '2학기 국가장학금 신청 기간 안내', content: '신청은 다음 달 10일까지입니다. 소득 분위 확인 서류를 미리 준비하세요.',
    comments: [{ by: 0, text: '정보 감사합니다!' }],
    likes: [0, 1],
  },
  { by: 0, board: 3, title: '전공책 팝니다 (자료구조)', content: '거의 새 책이에요. 만 원에 드립니다. 정문 앞 직거래.', comments: [], likes: [] },
  { by: 3, board: 0, title: '바다대 축제 라인업 나왔네요', content: '올해 축제 기대됩니다!', comments: [], likes: [] },
];

async function seedCommunity(app: App): Promise<void> {
  const { db, services } = app;
  const schools = [];
  for (const school of SCHOOLS) {
    schools.push(await db.school.upsert({ where: { domain: school.domain }, create: school, update: { name: school.name, region: school.region, allowsClubBoards: school.allowsClubBoards } }));
  }
  // The sample catalogue (idempotent: a re-run finds every lecture unchanged).
  await applyLectureImport(db, { schoolId: schools[0].id, semester: DEMO_SEMESTER, records: parseLectureCsv(readFileSync(projectFile(SAMPLE_LECTURES), 'utf8')) });
  if (await db.user.findUnique({ where: { usernameKey: USERS[0].username } })) return;

  const viewers: Viewer[] = [];
  for (const user of USERS) {
    const school = schools[user.school];
    const { user: created } = await services.account.signup(
      { email: `${user.username}@${school.domain}`, username: user.username, password: DEMO_PASSWORD, nickname: user.nickname },
      { ip: 'seed' },
    );
    // Demo accounts are verified: their e-mail, and membership through that school address.
    const verifiedAt = new Date();
    await db.user.update({
      where: { id: created.id },
      data: { emailVerifiedAt: verifiedAt, schoolId: school.id, schoolVerifiedAt: verifiedAt, schoolEmail: created.email },
    });
    if (user.role === Role.STAFF) await db.user.update({ where: { id: created.id }, data: { role: Role.STAFF } });
    viewers.push({ id: created.id, role: user.role, schoolId: school.id, emailVerified: true, timeZone: null, sessionId: '' });
  }
  const staff = viewers[USERS.findIndex((u) => u.role === Role.STAFF)];
  await seedProjects(app, viewers[0]);
  const boardsBySchool = [];
  for (const school of schools) {
    const boards = [];
    for (const board of BOARDS) boards.push(await services.board.create(staff, { schoolId: school.id, ...board }));
    boardsBySchool.push(boards);
  }
  await services.board.create(viewers[0], { schoolId: schools[0].id, name: '코딩 동아리', category: BoardCategory.CLUB, description: '같이 만들고 배워요' });

  for (const post of POSTS) {
    const author = viewers[post.by];
    const board = boardsBySchool[USERS[post.by].school][post.board];
    const created = await services.post.create(author, { boardId: board.id, title: post.title, content: post.content, isAnonymous: post.anonymous ?? false });
    for (const comment of post.comments) {
      const top = await services.comment.create(viewers[comment.by], { postId: created.id, content: comment.text, isAnonymous: comment.anonymous ?? false });
      for (const reply of comment.replies ?? []) {
        await services.comment.create(viewers[reply.by], { postId: created.id, parentId: top.id, content: reply.text, isAnonymous: reply.anonymous ?? false });
      }
    }
    for (const fan of post.likes) await services.post.like(viewers[fan], created.id);
  }
  await seedTimetables(app, schools[0].id, viewers);
}

/** The sample catalogue shipped with the project (see README, "Timetable"). */
const SAMPLE_LECTURES = 'prisma/data/lectures-sample.csv';
const DEMO_SEMESTER = '2026-1';

/** Timetables of the school-0 demo users (codes of the sample catalogue), friendships between them, and reviews. */
const TIMETABLES: { by: number; name: string; lectures: string[]; reviews?: { code: string; rating: number; content: string }[] }[] = [
  {
    by: 0, name: '시간표 1', lectures: ['CSE101-01', 'CSE202-01', 'CSE301-01', 'ENG101-01', 'HIS110-01'],
    reviews: [{ code: 'CSE101-01', rating: 5, content: '설명이 친절하고 과제가 실습 위주라 좋았어요.' }],
  },
  { by: 1, name: '시간표 1', lectures: ['CSE201-01', 'CSE202-01', 'PHY101-01', 'ART120-01'], reviews: [{ code: 'CSE202-01', rating: 3, content: '내용은 좋은데 시험이 어려워요.' }] },
  { by: 2, name: '시간표 1', lectures: ['MAT101-01', 'CSE302-01', 'BUS201-01'] },
];

async function seedTimetables(app: App, schoolId: string, viewers: Viewer[]): Promise<void> {
  const { services, db } = app;
  const lectures = await db.lecture.findMany({ where: { schoolId, semester: DEMO_SEMESTER } });
  const byCode = new Map(lectures.map((lecture) => [`${lecture.code}-${lecture.section}`, lecture.id]));
  for (const timetable of TIMETABLES) {
    const viewer = viewers[timetable.by];
    const created = await services.timetable.timetable.create(viewer, { semester: DEMO_SEMESTER, name: timetable.name });
    for (const code of timetable.lectures) await services.timetable.timetable.addLecture(viewer, created.id, byCode.get(code)!);
    for (const review of timetable.reviews ?? []) {
      await services.timetable.review.write(viewer, { lectureId: byCode.get(review.code)!, rating: review.rating, content: review.content, semesterTaken: DEMO_SEMESTER });
    }
  }
  // 민지 and 준호 are friends; 서연 has asked 민지.
  await services.timetable.friend.send(viewers[0], { userId: viewers[1].id });
  await services.timetable.friend.accept(viewers[1], viewers[0].id);
  await services.timetable.friend.send(viewers[2], { userId: viewers[0].id });
}

const PROJECTS = [
  { name: '졸업 프로젝트', description: '캡스톤 디자인', tasks: [['주제 확정', -3, true], ['중간 발표 자료', -1, false], ['프로토타입 데모', 0, false], ['최종 보고서', 14, false], ['팀 회의록 정리', null, false]] },
  { name: '자료구조 과제', description: null, tasks: [['트리 구현', 1, false], ['테스트 작성', 2, false]] },
] as const;

/** Projects with tasks due around today (in days from today; null = no due date), for the first demo user. */
async function seedProjects(app: App, viewer: Viewer): Promise<void> {
  const today = new Date();
  const day = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset)).toISOString().slice(0, 10);
  // No request, so no loaders to refresh after a write.
  const noCaches = { project: { forget: () => undefined } };
  for (const project of PROJECTS) {
    const created = await app.services.project.create(viewer, { name: project.name, description: project.description });
    for (const [title, due, done] of project.tasks) {
      const task = await app.services.task.create(viewer, { projectId: created.id, title, dueDate: due === null ? null : day(due) }, noCaches);
      if (done) await app.services.task.setDone(viewer, task.id, true, noCaches);
    }
  }
}

async function seed(): Promise<void> {
  const base = loadConfigFromProcess();
  if (base.env === 'production') throw new Error('Refusing to seed demo data with NODE_ENV=production.');
  const logger = createLogger(base.log.level === 'silent' ? 'silent' : 'warn', undefined, { pretty: process.stdout.isTTY });
  const config = await withDevelopmentSecrets(base);
  const database = await resolveDatabase(config, logger, { reuseRunning: true });
  let app: App | undefined;
  try {
    await applyMigrations(database.url, logger);
    await migrateJobQueue(database.url, logger);
    // No job worker here: the demo accounts are verified already, and any mail job waits
    // in the queue for the server.
    app = await createApp({ ...config, db: { ...config.db, url: database.url }, jobs: { ...config.jobs, runWorker: false } }, { logger });
    await seedCommunity(app);
    process.stdout.write(
      `Demo data ready. Sign in with any of these usernames and the password "${DEMO_PASSWORD}" (development only):\n` +
        USERS.map((u) => `  ${u.username.padEnd(8)} ${u.nickname} (${SCHOOLS[u.school].name}${u.role === Role.STAFF ? ', STAFF' : ''})`).join('\n') +
        '\n',
    );
  } finally {
    await app?.stop();
    await database.stop();
  }
}

seed().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
