/**
 * The community's pages as one JSON statement: boards → posts → comments → replies, with
 * authors, the viewer's flags and counts, for exactly the selected fields.
 *
 * The rules are those of the resolver path, each written once here as SQL over the same
 * constants: who may read a school's boards (community.policy.ts), blinded content (null
 * unless STAFF), deleted comments as tombstones, and the names of anonymity.ts (익명, 익명N,
 * 글쓴이, deleted users). test/integration/fast-path/differential.test.ts runs every fixture
 * through both paths and compares the responses.
 *
 * Every page is `LIMIT first + 1` in an order an index serves, per parent (a correlated
 * subquery per board, post or comment: the LATERAL shape), so its cost follows the page,
 * not the table.
 */
import type { SelectionSetNode } from 'graphql';
import { Prisma } from '../generated/prisma/client';
import { DELETED_USER_NAME } from '../modules/account/account.types';
import { ANONYMOUS_NAME, DELETED_COMMENT_NAME, WRITER_NAME } from '../modules/community/anonymity';
import { PostOrderField } from '../modules/community/post.types';
import { decodeCursor } from '../shared/pagination';
import { OrderDirection } from '../shared/ordering';
import { connection, cursorOf, iso, jsonObject, notCovered, unknownSelection } from './json-sql';
import type { Walk } from './walk';

type Sql = Prisma.Sql;
type Entry = readonly [string, Sql];

/** The author columns every post and comment row carries (joined once per page). */
const AUTHOR_COLUMNS = Prisma.sql`u.nickname AS au_nickname, u.username AS au_username, u.deleted_at AS au_deleted_at, u.admission_year AS au_admission_year, u.created_at AS au_created_at, u.role::text AS au_role`;

type UserColumn = 'id' | 'nickname' | 'username' | 'deleted_at' | 'admission_year' | 'created_at' | 'role';

/** Where a user's columns are read: a page row's author columns (`au_*`), or a `users` row. */
type UserColumns = (column: UserColumn) => Sql;

function authorColumns(row: string): UserColumns {
  return (column) => Prisma.raw(column === 'id' ? `${row}.author_id` : `${row}.au_${column}`);
}

function usersRow(alias: string): UserColumns {
  return (column) => Prisma.raw(column === 'role' ? `${alias}.role::text` : `${alias}.${column}`);
}

/** A user: the fields anyone may see, and `username` for the account itself (isOwnAccount). */
function userObject(walk: Walk, selections: readonly SelectionSetNode[], col: UserColumns): Sql {
  return jsonObject(walk.fields(selections, 'User').map((f): Entry => {
    switch (f.name) {
      case '__typename': return [f.key, Prisma.sql`'User'::text`];
      case 'id': return [f.key, col('id')];
      case 'nickname': return [f.key, col('nickname')];
      case 'username': return [f.key, Prisma.sql`CASE WHEN ${col('id')} = ${walk.viewer.id} THEN ${col('username')} END`];
      case 'isDeleted': return [f.key, Prisma.sql`(${col('deleted_at')} IS NOT NULL)`];
      case 'admissionYear': return [f.key, col('admission_year')];
      case 'createdAt': return [f.key, iso(col('created_at'))];
      case 'role': return [f.key, col('role')];
      default: return unknownSelection();
    }
  }));
}

/** The nickname, or the deleted-account name (anonymity.ts's publicName). */
function publicName(row: Sql): Sql {
  return Prisma.sql`CASE WHEN ${row}.au_deleted_at IS NOT NULL THEN ${DELETED_USER_NAME}::text ELSE ${row}.au_nickname END`;
}

/** canSeeAuthor: not anonymous, or the viewer wrote it, or STAFF. */
function seesAuthor(walk: Walk, row: Sql): Sql {
  return walk.viewer.staff ? Prisma.sql`true` : Prisma.sql`(NOT ${row}.is_anonymous OR ${row}.author_id = ${walk.viewer.id})`;
}

/** Blinded content is null for everyone but STAFF. */
function unlessBlinded(walk: Walk, row: Sql, value: Sql): Sql {
  return walk.viewer.staff ? value : Prisma.sql`CASE WHEN ${row}.blinded_at IS NULL THEN ${value} END`;
}

// ---------------------------------------------------------------- boards

export function boardObject(walk: Walk, selections: readonly SelectionSetNode[], row: string): Sql {
  const b = Prisma.raw(row);
  return jsonObject(walk.fields(selections, 'Board').map((f): Entry => {
    switch (f.name) {
      case '__typename': return [f.key, Prisma.sql`'Board'::text`];
      case 'id': return [f.key, Prisma.sql`${b}.id`];
      case 'name': return [f.key, Prisma.sql`${b}.name`];
      case 'category': return [f.key, Prisma.sql`${b}.category::text`];
      case 'description': return [f.key, Prisma.sql`${b}.description`];
      case 'createdAt': return [f.key, iso(Prisma.sql`${b}.created_at`)];
      case 'isFavorite': return [f.key, Prisma.sql`EXISTS (SELECT 1 FROM favorite_boards fb WHERE fb.board_id = ${b}.id AND fb.user_id = ${walk.viewer.id})`];
      // canEditBoard: STAFF, or the board's owner.
      case 'viewerCanEdit': return [f.key, walk.viewer.staff ? Prisma.sql`true` : Prisma.sql`(${b}.owner_id IS NOT NULL AND ${b}.owner_id = ${walk.viewer.id})`];
      case 'school': return [f.key, Prisma.sql`(SELECT ${schoolObject(walk, f.selections, 's')} FROM schools s WHERE s.id = ${b}.school_id)`];
      case 'owner': return [f.key, Prisma.sql`(SELECT ${userObject(walk, f.selections, usersRow('o'))} FROM users o WHERE o.id = ${b}.owner_id)`];
      case 'posts': return [f.key, postConnection(walk, f.selections, walk.args(f, 'Board'), row)];
      default: return unknownSelection();
    }
  }));
}

/** Who may read a board: live, and of the viewer's school (any school for STAFF). */
function readableBoard(walk: Walk, row: Sql): Sql {
  if (walk.viewer.staff) return Prisma.sql`${row}.deleted_at IS NULL`;
  if (!walk.viewer.memberSchoolId) return Prisma.sql`false`;
  return Prisma.sql`(${row}.deleted_at IS NULL AND ${row}.school_id = ${walk.viewer.memberSchoolId})`;
}

/** `board(id)`: null when missing or not readable (the resolver path then answers NOT_FOUND). */
export function boardField(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>): Sql {
  const id = walk.id(args.id);
  const alias = walk.alias();
  const b = Prisma.raw(alias);
  return Prisma.sql`(SELECT ${boardObject(walk, selections, alias)} FROM boards ${b} WHERE ${b}.id = ${id} AND ${readableBoard(walk, b)})`;
}

/** `boards(schoolId, first, after)` without a filter; null when the school is not readable or missing. */
export function boardsField(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>): Sql {
  if (args.filter != null) notCovered();
  const schoolId = walk.id(args.schoolId);
  if (!walk.viewer.staff && walk.viewer.memberSchoolId !== schoolId) notCovered();
  const first = walk.pageSize(args);
  const after = walk.after(args);
  const alias = walk.alias();
  const r = Prisma.raw(alias);
  let from = Prisma.empty;
  if (after) {
    const [name, id] = decodeCursor(after, ['text', 'text']);
    from = Prisma.sql`AND (b.name, b.id) > (${name}, ${id})`;
  }
  const page = connection({
    typeName: 'Board',
    fields: walk.fields(selections, 'BoardConnection'),
    fragments: walk.fragments,
    columns: Prisma.sql`b.*`,
    from: Prisma.sql`FROM boards b WHERE b.school_id = ${schoolId} AND b.deleted_at IS NULL ${from}`,
    order: Prisma.sql`b.name, b.id`,
    first,
    alias,
    cursor: cursorOf([{ text: Prisma.sql`${r}.name` }, { text: Prisma.sql`${r}.id` }]),
    node: (node) => boardObject(walk, node, alias),
    totalCount: Prisma.sql`(SELECT count(*)::int FROM boards WHERE school_id = ${schoolId} AND deleted_at IS NULL)`,
  });
  return Prisma.sql`(SELECT ${page} FROM schools WHERE id = ${schoolId})`;
}

function schoolObject(walk: Walk, selections: readonly SelectionSetNode[], row: string): Sql {
  const r = Prisma.raw(row);
  return jsonObject(walk.fields(selections, 'School').map((f): Entry => {
    switch (f.name) {
      case '__typename': return [f.key, Prisma.sql`'School'::text`];
      case 'id': return [f.key, Prisma.sql`${r}.id`];
      case 'name': return [f.key, Prisma.sql`${r}.name`];
      case 'region': return [f.key, Prisma.sql`${r}.region`];
      case 'domain': return [f.key, Prisma.sql`${r}.domain`];
      case 'allowsClubBoards': return [f.key, Prisma.sql`${r}.allows_club_boards`];
      case 'createdAt': return [f.key, iso(Prisma.sql`${r}.created_at`)];
      default: return unknownSelection();
    }
  }));
}

/** `posts(boardId, …)`: the page of a readable board; null otherwise (NOT_FOUND on the resolver path). */
export function postsField(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>): Sql {
  const id = walk.id(args.boardId);
  const alias = walk.alias();
  const b = Prisma.raw(alias);
  return Prisma.sql`(SELECT ${postConnection(walk, selections, args, alias)} FROM boards ${b} WHERE ${b}.id = ${id} AND ${readableBoard(walk, b)})`;
}

/** `post(id)`: a live post on a readable board; null otherwise (NOT_FOUND on the resolver path). */
export function postField(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>): Sql {
  const id = walk.id(args.id);
  const alias = walk.alias();
  const r = Prisma.raw(alias);
  return Prisma.sql`(SELECT ${postObject(walk, selections, alias)} FROM (
      SELECT p.*, ${AUTHOR_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id JOIN boards pb ON pb.id = p.board_id
      WHERE p.id = ${id} AND p.deleted_at IS NULL AND ${readableBoard(walk, Prisma.raw('pb'))}) ${r})`;
}

// ---------------------------------------------------------------- posts

const POST_SORT: Record<PostOrderField, string> = { CREATED_AT: 'created_at', LIKE_COUNT: 'like_count', COMMENT_COUNT: 'comment_count' };

function postConnection(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>, boardRow: string): Sql {
  if (args.search != null && args.search !== '') notCovered();
  const order = (args.orderBy ?? { field: PostOrderField.CREATED_AT, direction: OrderDirection.DESC }) as { field: PostOrderField; direction: OrderDirection };
  const column = POST_SORT[order.field] ?? notCovered();
  const direction = Prisma.raw(order.direction === OrderDirection.ASC ? 'ASC' : 'DESC');
  const comparison = Prisma.raw(order.direction === OrderDirection.ASC ? '>' : '<');
  const sort = Prisma.raw(column);
  const first = walk.pageSize(args);
  const after = walk.after(args);
  let from = Prisma.empty;
  if (after) {
    if (order.field === PostOrderField.CREATED_AT) {
      const [at, id] = decodeCursor(after, ['timestamp', 'text']);
      from = Prisma.sql`AND (p.created_at, p.id) ${comparison} (${at.toISOString()}::timestamptz, ${id})`;
    } else {
      const [count, id] = decodeCursor(after, ['int', 'text']);
      from = Prisma.sql`AND (p.${sort}, p.id) ${comparison} (${count}::int, ${id})`;
    }
  }
  const alias = walk.alias();
  const r = Prisma.raw(alias);
  const board = Prisma.raw(boardRow);
  const value = order.field === PostOrderField.CREATED_AT ? { text: iso(Prisma.sql`${r}.created_at`) } : { int: Prisma.sql`${r}.${sort}` };
  return connection({
    typeName: 'Post',
    fields: walk.fields(selections, 'PostConnection'),
    fragments: walk.fragments,
    columns: Prisma.sql`p.*, ${AUTHOR_COLUMNS}`,
    from: Prisma.sql`FROM posts p JOIN users u ON u.id = p.author_id WHERE p.board_id = ${board}.id AND p.deleted_at IS NULL ${from}`,
    order: Prisma.sql`p.${sort} ${direction}, p.id ${direction}`,
    first,
    alias,
    cursor: cursorOf([value, { text: Prisma.sql`${r}.id` }]),
    node: (node) => postObject(walk, node, alias),
    totalCount: Prisma.sql`${board}.post_count`,
  });
}

function postObject(walk: Walk, selections: readonly SelectionSetNode[], row: string): Sql {
  const p = Prisma.raw(row);
  return jsonObject(walk.fields(selections, 'Post').map((f): Entry => {
    switch (f.name) {
      case '__typename': return [f.key, Prisma.sql`'Post'::text`];
      case 'id': return [f.key, Prisma.sql`${p}.id`];
      case 'title': return [f.key, Prisma.sql`${p}.title`];
      case 'isAnonymous': return [f.key, Prisma.sql`${p}.is_anonymous`];
      case 'likeCount': return [f.key, Prisma.sql`${p}.like_count`];
      case 'commentCount': return [f.key, Prisma.sql`${p}.comment_count`];
      case 'scrapCount': return [f.key, Prisma.sql`${p}.scrap_count`];
      case 'createdAt': return [f.key, iso(Prisma.sql`${p}.created_at`)];
      case 'updatedAt': return [f.key, iso(Prisma.sql`${p}.updated_at`)];
      case 'content': return [f.key, unlessBlinded(walk, p, Prisma.sql`${p}.content`)];
      case 'isBlinded': return [f.key, Prisma.sql`(${p}.blinded_at IS NOT NULL)`];
      case 'author': return [f.key, Prisma.sql`CASE WHEN ${seesAuthor(walk, p)} THEN ${userObject(walk, f.selections, authorColumns(row))} END`];
      case 'authorDisplayName': return [f.key, Prisma.sql`CASE WHEN ${p}.is_anonymous THEN ${ANONYMOUS_NAME}::text ELSE ${publicName(p)} END`];
      case 'viewerHasLiked': return [f.key, Prisma.sql`EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = ${p}.id AND l.user_id = ${walk.viewer.id})`];
      case 'viewerHasScrapped': return [f.key, Prisma.sql`EXISTS (SELECT 1 FROM post_scraps s WHERE s.post_id = ${p}.id AND s.user_id = ${walk.viewer.id})`];
      case 'viewerCanEdit': return [f.key, walk.viewer.staff ? Prisma.sql`true` : Prisma.sql`(${p}.author_id = ${walk.viewer.id})`];
      case 'comments': return [f.key, commentConnection(walk, f.selections, walk.args(f, 'Post'), { kind: 'post', row })];
      case 'board': {
        const board = walk.alias();
        return [f.key, Prisma.sql`(SELECT ${boardObject(walk, f.selections, board)} FROM boards ${Prisma.raw(board)} WHERE ${Prisma.raw(board)}.id = ${p}.board_id)`];
      }
      default: return unknownSelection();
    }
  }));
}

// ---------------------------------------------------------------- comments

/** Whose comments: a post's top-level ones, or a comment's replies. */
type CommentParent = { kind: 'post'; row: string } | { kind: 'comment'; row: string };

function commentConnection(walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>, parent: CommentParent): Sql {
  const first = walk.pageSize(args);
  const after = walk.after(args);
  let from = Prisma.empty;
  if (after) {
    const [at, id] = decodeCursor(after, ['timestamp', 'text']);
    from = Prisma.sql`AND (c.created_at, c.id) > (${at.toISOString()}::timestamptz, ${id})`;
  }
  const owner = Prisma.raw(parent.row);
  // A top-level comment is listed while live, or as a tombstone while it has a live reply;
  // replies are listed while live, and only under a top-level comment (one level deep).
  const listed = (c: string) =>
    parent.kind === 'post'
      ? Prisma.sql`${Prisma.raw(c)}.post_id = ${owner}.id AND ${Prisma.raw(c)}.parent_id IS NULL
          AND (${Prisma.raw(c)}.deleted_at IS NULL OR EXISTS (SELECT 1 FROM comments x WHERE x.parent_id = ${Prisma.raw(c)}.id AND x.deleted_at IS NULL))`
      : Prisma.sql`${Prisma.raw(c)}.parent_id = ${owner}.id AND ${owner}.parent_id IS NULL AND ${Prisma.raw(c)}.deleted_at IS NULL`;
  const postAuthor = parent.kind === 'post' ? Prisma.sql`${owner}.author_id` : Prisma.sql`${owner}.post_author_id`;
  const alias = walk.alias();
  const r = Prisma.raw(alias);
  return connection({
    typeName: 'Comment',
    fields: walk.fields(selections, 'CommentConnection'),
    fragments: walk.fragments,
    columns: Prisma.sql`c.*, ${AUTHOR_COLUMNS}, ${postAuthor} AS post_author_id`,
    from: Prisma.sql`FROM comments c JOIN users u ON u.id = c.author_id WHERE ${listed('c')} ${from}`,
    order: Prisma.sql`c.created_at, c.id`,
    first,
    alias,
    cursor: cursorOf([{ text: iso(Prisma.sql`${r}.created_at`) }, { text: Prisma.sql`${r}.id` }]),
    node: (node) => commentObject(walk, node, alias),
    totalCount: Prisma.sql`(SELECT count(*)::int FROM comments n WHERE ${listed('n')})`,
    usuallyEmpty: parent.kind === 'comment',
  });
}

function commentObject(walk: Walk, selections: readonly SelectionSetNode[], row: string): Sql {
  const c = Prisma.raw(row);
  return jsonObject(walk.fields(selections, 'Comment').map((f): Entry => {
    switch (f.name) {
      case '__typename': return [f.key, Prisma.sql`'Comment'::text`];
      case 'id': return [f.key, Prisma.sql`${c}.id`];
      case 'isAnonymous': return [f.key, Prisma.sql`${c}.is_anonymous`];
      case 'likeCount': return [f.key, Prisma.sql`${c}.like_count`];
      case 'createdAt': return [f.key, iso(Prisma.sql`${c}.created_at`)];
      case 'content': return [f.key, Prisma.sql`CASE WHEN ${c}.deleted_at IS NULL THEN ${unlessBlinded(walk, c, Prisma.sql`${c}.content`)} END`];
      case 'isDeleted': return [f.key, Prisma.sql`(${c}.deleted_at IS NOT NULL)`];
      case 'isBlinded': return [f.key, Prisma.sql`(${c}.blinded_at IS NOT NULL)`];
      case 'author': return [f.key, Prisma.sql`CASE WHEN ${c}.deleted_at IS NULL AND ${seesAuthor(walk, c)} THEN ${userObject(walk, f.selections, authorColumns(row))} END`];
      case 'authorDisplayName':
        return [f.key, Prisma.sql`CASE WHEN ${c}.deleted_at IS NOT NULL THEN ${DELETED_COMMENT_NAME}::text
          WHEN NOT ${c}.is_anonymous THEN ${publicName(c)}
          WHEN ${c}.author_id = ${c}.post_author_id THEN ${WRITER_NAME}::text
          ELSE ${ANONYMOUS_NAME}::text || coalesce(${c}.anonymous_number::text, '') END`];
      case 'viewerHasLiked': return [f.key, Prisma.sql`EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = ${c}.id AND l.user_id = ${walk.viewer.id})`];
      case 'viewerCanDelete': return [f.key, walk.viewer.staff ? Prisma.sql`(${c}.deleted_at IS NULL)` : Prisma.sql`(${c}.deleted_at IS NULL AND ${c}.author_id = ${walk.viewer.id})`];
      case 'replies': return [f.key, commentConnection(walk, f.selections, walk.args(f, 'Comment'), { kind: 'comment', row })];
      // The comment replied to, as it is (deleted or not), with the reply's post author.
      case 'parent': {
        const parent = walk.alias();
        return [f.key, Prisma.sql`(SELECT ${commentObject(walk, f.selections, parent)} FROM (
          SELECT x.*, ${AUTHOR_COLUMNS}, ${c}.post_author_id FROM comments x JOIN users u ON u.id = x.author_id WHERE x.id = ${c}.parent_id) ${Prisma.raw(parent)})`];
      }
      default: return unknownSelection();
    }
  }));
}
