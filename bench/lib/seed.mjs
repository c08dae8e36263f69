/**
 * Deterministic bench data, in a handful of set-based SQL statements (generate_series), so
 * that scale 10 seeds in about a second. Ids are md5-derived UUIDs: the same on every run.
 *
 * Per scale S:
 *   - 1 school; a viewer (member, writes nothing it could not like), 4 authors (members),
 *     1 project owner; one shared password hashed at bcrypt cost 12.
 *   - 5 boards × 20·S posts by the authors (a third anonymous), each with 10 comments:
 *     6 top-level (the last by the viewer) and 4 replies (2 on each of the first two);
 *     every other post liked by one other author. boardPage reads board 0 (20·S posts,
 *     200·S comments); boardFeed reads all five (100·S posts, 1,000·S comments).
 *   - 50 projects of the owner with 20·S tasks each (1,000·S tasks): a third without a due
 *     date, a third date-only, a third timed; every fourth done.
 *   - Timetable (not scaled): a catalogue of 40 lectures for 2026-1 (two meetings each), 50
 *     friends of the viewer (members), each with a primary timetable of 8 of those lectures.
 */
import pg from 'pg';

export const PASSWORD = 'bench-password-0123';
export const BOARDS = 5;
export const COMMENTS_PER_POST = 10;
export const PROJECTS = 50;
export const FRIENDS = 50;
export const LECTURES_PER_TIMETABLE = 8;
export const CATALOGUE = 40;
export const SEMESTER = '2026-1';
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

export function ids() {
  return {
    school: '00000000-0000-4000-8000-000000000001',
    viewer: '00000000-0000-4000-8000-000000000010',
    authors: [11, 12, 13, 14].map((n) => `00000000-0000-4000-8000-0000000000${n}`),
    owner: '00000000-0000-4000-8000-000000000020',
    boards: Array.from({ length: BOARDS }, (_, b) => `00000000-0000-4000-8000-00000000010${b}`),
  };
}

export const USERS = {
  viewer: { username: 'bench_viewer', email: 'bench-viewer@example.com' },
  owner: { username: 'bench_owner', email: 'bench-owner@example.com' },
};

/** Seeds `url` (migrated, empty); returns the ids and row counts. */
export async function seed(url, { scale, passwordHash }) {
  const postsPerBoard = 20 * scale;
  const tasksPerProject = 20 * scale;
  const id = ids();
  const client = new pg.Client({ connectionString: url, application_name: 'campus-bench-seed' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO schools (id, name, region, domain) VALUES ($1, 'Bench University', 'Seoul', 'bench.example.com')`, [id.school]);
    const users = [
      [id.viewer, USERS.viewer.email, USERS.viewer.username, 'viewer'],
      ...id.authors.map((uid, i) => [uid, `bench-author-${i}@example.com`, `bench_author_${i}`, `author ${i}`]),
      [id.owner, USERS.owner.email, USERS.owner.username, 'owner'],
    ];
    for (const [uid, email, username, nickname] of users) {
      await client.query(
        `INSERT INTO users (id, email, username, username_key, nickname, password_hash, school_id, admission_year, email_verified_at, school_verified_at, created_at, updated_at)
         VALUES ($1, $2, $3, lower($3), $4, $5, $6, 2024, now(), now(), now(), now())`,
        [uid, email, username, nickname, passwordHash, id.school],
      );
    }
    await client.query(
      `INSERT INTO boards (id, school_id, name, category, description, created_at, updated_at)
       SELECT b.id, $2, 'Board ' || b.n, 'FREE', 'bench board', now(), now()
       FROM unnest($1::text[]) WITH ORDINALITY AS b(id, n)`,
      [id.boards, id.school],
    );
    // Posts: board b (0-based), index i; newest first is i = 0.
    await client.query(
      `INSERT INTO posts (id, board_id, author_id, title, content, is_anonymous, like_count, comment_count, created_at, updated_at)
       SELECT md5('post-' || b || '-' || i)::uuid::text, ($1::text[])[b + 1], ($2::text[])[1 + i % 4],
              'Post ' || b || '-' || i, repeat('Lorem ipsum dolor sit amet. ', 8), i % 3 = 0,
              CASE WHEN i % 2 = 0 THEN 1 ELSE 0 END, ${COMMENTS_PER_POST},
              timestamptz '2026-06-01 00:00:00+00' - ((b * $3 + i) || ' minutes')::interval, now()
       FROM generate_series(0, ${BOARDS - 1}) AS b CROSS JOIN generate_series(0, $3::int - 1) AS i`,
      [id.boards, id.authors, postsPerBoard],
    );
    await client.query(
      `INSERT INTO post_likes (post_id, user_id)
       SELECT md5('post-' || b || '-' || i)::uuid::text, ($1::text[])[1 + (i + 1) % 4]
       FROM generate_series(0, ${BOARDS - 1}) AS b CROSS JOIN generate_series(0, $2::int - 1) AS i WHERE i % 2 = 0`,
      [id.authors, postsPerBoard],
    );
    await client.query(
      `INSERT INTO comments (id, post_id, parent_id, author_id, content, is_anonymous, created_at)
       SELECT md5('comment-' || b || '-' || i || '-' || k)::uuid::text, md5('post-' || b || '-' || i)::uuid::text, NULL,
              CASE WHEN k = 5 THEN $2 ELSE ($1::text[])[1 + (i + k + 1) % 4] END,
              'Comment ' || k || ' on post ' || i, false,
              timestamptz '2026-06-01 00:00:00+00' - ((b * $3 + i) || ' minutes')::interval + (k || ' seconds')::interval
       FROM generate_series(0, ${BOARDS - 1}) AS b CROSS JOIN generate_series(0, $3::int - 1) AS i CROSS JOIN generate_series(0, 5) AS k`,
      [id.authors, id.viewer, postsPerBoard],
    );
    await client.query(
      `INSERT INTO comments (id, post_id, parent_id, author_id, content, is_anonymous, created_at)
       SELECT md5('reply-' || b || '-' || i || '-' || r)::uuid::text, md5('post-' || b || '-' || i)::uuid::text,
              md5('comment-' || b || '-' || i || '-' || (r / 2))::uuid::text, ($1::text[])[1 + (i + r) % 4],
              'Reply ' || r, false,
              timestamptz '2026-06-01 00:00:00+00' - ((b * $2 + i) || ' minutes')::interval + ((10 + r) || ' seconds')::interval
       FROM generate_series(0, ${BOARDS - 1}) AS b CROSS JOIN generate_series(0, $2::int - 1) AS i CROSS JOIN generate_series(0, 3) AS r`,
      [id.authors, postsPerBoard],
    );
    await client.query(
      `INSERT INTO projects (id, owner_id, name, description, active_name_key, created_at, updated_at)
       SELECT md5('project-' || p)::uuid::text, $1, 'Project ' || p, 'bench project', 'project ' || p,
              timestamptz '2026-06-01 00:00:00+00' - (p || ' minutes')::interval, now()
       FROM generate_series(0, ${PROJECTS - 1}) AS p`,
      [id.owner],
    );
    await client.query(
      `INSERT INTO tasks (id, project_id, title, done, due_at, due_has_time, created_at, updated_at)
       SELECT md5('task-' || p || '-' || j)::uuid::text, md5('project-' || p)::uuid::text, 'task ' || j, j % 4 = 0,
              CASE WHEN j % 3 = 0 THEN NULL
                   ELSE timestamptz '2026-03-01 00:00:00+00' + ((j % 28) || ' days')::interval
                        + (CASE WHEN j % 3 = 2 THEN interval '9 hours' ELSE interval '0' END) END,
              j % 3 = 2, timestamptz '2026-06-01 00:00:00+00' - (j || ' seconds')::interval, now()
       FROM generate_series(0, ${PROJECTS - 1}) AS p CROSS JOIN generate_series(0, $1::int - 1) AS j`,
      [tasksPerProject],
    );
    // Timetable: lecture l meets on two weekdays at one of eight start hours.
    const slots = Array.from({ length: CATALOGUE }, (_, l) => {
      const start = (9 + (l % 8)) * 60;
      return JSON.stringify([WEEKDAYS[l % 5], WEEKDAYS[(l + 2) % 5]].map((weekday) => ({ weekday, startMinute: start, endMinute: start + 50, room: `Room ${l}` })));
    });
    await client.query(
      `INSERT INTO lectures (id, school_id, semester, code, section, name, professor, credits, kind, slots, created_at, updated_at)
       SELECT md5('lecture-' || l)::uuid::text, $1, $2, 'BEN' || lpad(l::text, 3, '0'), '01', 'Lecture ' || l, 'Professor ' || (l % 7), 1 + l % 3,
              'GENERAL', ($3::text[])[l + 1]::jsonb, now(), now()
       FROM generate_series(0, ${CATALOGUE - 1}) AS l`,
      [id.school, SEMESTER, slots],
    );
    await client.query(
      `INSERT INTO users (id, email, username, username_key, nickname, password_hash, school_id, email_verified_at, school_verified_at, created_at, updated_at)
       SELECT md5('friend-' || f)::uuid::text, 'bench-friend-' || f || '@example.com', 'bench_friend_' || f, 'bench_friend_' || f,
              'friend ' || f, NULL, $1, now(), now(), now(), now()
       FROM generate_series(0, ${FRIENDS - 1}) AS f`,
      [id.school],
    );
    await client.query(
      `INSERT INTO friendships (user_low_id, user_high_id, requester_id, state, created_at, accepted_at)
       SELECT least($1, fid), greatest($1, fid), fid, 'ACCEPTED', now(), timestamptz '2026-06-01 00:00:00+00' - (f || ' minutes')::interval
       FROM generate_series(0, ${FRIENDS - 1}) AS f, LATERAL (SELECT md5('friend-' || f)::uuid::text AS fid) x`,
      [id.viewer],
    );
    await client.query(
      `INSERT INTO timetables (id, user_id, school_id, semester, name, primary_semester, visibility, created_at, updated_at)
       SELECT md5('timetable-' || f)::uuid::text, md5('friend-' || f)::uuid::text, $1, $2, 'Timetable ' || f, $2, 'FRIENDS', now(), now()
       FROM generate_series(0, ${FRIENDS - 1}) AS f`,
      [id.school, SEMESTER],
    );
    await client.query(
      `INSERT INTO timetable_lectures (timetable_id, lecture_id, created_at)
       SELECT md5('timetable-' || f)::uuid::text, md5('lecture-' || ((f + k * 5) % ${CATALOGUE}))::uuid::text, now() + (k || ' seconds')::interval
       FROM generate_series(0, ${FRIENDS - 1}) AS f CROSS JOIN generate_series(0, ${LECTURES_PER_TIMETABLE - 1}) AS k`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return {
    ids: id,
    counts: {
      boards: BOARDS,
      posts: BOARDS * postsPerBoard,
      comments: BOARDS * postsPerBoard * COMMENTS_PER_POST,
      projects: PROJECTS,
      tasks: PROJECTS * tasksPerProject,
      friends: FRIENDS,
      friendTimetableLectures: FRIENDS * LECTURES_PER_TIMETABLE,
    },
    postsPerBoard,
    tasksPerProject,
  };
}

/** Post ids of board `b` (0-based), newest first. */
export function postIdsSql(b, postsPerBoard) {
  return { text: `SELECT md5('post-' || $1 || '-' || i)::uuid::text AS id FROM generate_series(0, $2::int - 1) AS i ORDER BY i`, values: [b, postsPerBoard] };
}
