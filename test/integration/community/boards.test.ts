import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

// Role and school changes made in the database apply to the next request.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(() => app.stop());

const BOARD_FIELDS = 'id name category description viewerCanEdit isFavorite school { id } owner { id }';

const BOARDS = /* GraphQL */ `
  query Boards($schoolId: ID!, $filter: BoardsFilter, $first: Int, $after: String) {
    boards(schoolId: $schoolId, filter: $filter, first: $first, after: $after) {
      edges { cursor node { id name } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`;
const BOARD = `query Board($id: ID!) { board(id: $id) { ${BOARD_FIELDS} createdAt } }`;
const MY_BOARDS = `query MyBoards { myBoards { id isFavorite } }`;
const CREATE = `mutation Create($input: CreateBoardInput!) { createBoard(input: $input) { ${BOARD_FIELDS} } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) { ${BOARD_FIELDS} } }`;
const DELETE = 'mutation Delete($id: ID!) { deleteBoard(id: $id) }';
const FAVORITE = 'mutation Favorite($boardId: ID!) { favoriteBoard(boardId: $boardId) { id isFavorite } }';
const UNFAVORITE = 'mutation Unfavorite($boardId: ID!) { unfavoriteBoard(boardId: $boardId) { id isFavorite } }';

type Node = { id: string; name: string };
const ids = (data: Record<string, any>): string[] => data.boards.edges.map((e: { node: Node }) => e.node.id);

/** A school with one member, for the many tests that need just that. */
async function schoolWithMember(options: { allowsClubBoards?: boolean } = {}) {
  const school = await createCommunitySchool(app.db, options);
  const account = await member(app, school.id);
  return { school, account, token: account.accessToken };
}

describe('boards', () => {
  it("lists a school's live boards to a member by name, with the total count", async () => {
    const { school, token } = await schoolWithMember();
    const other = await createCommunitySchool(app.db);
    const b = await createBoard(app.db, { schoolId: school.id, name: '나 게시판' });
    const a = await createBoard(app.db, { schoolId: school.id, name: '가 게시판' });
    await createBoard(app.db, { schoolId: school.id, name: '다 삭제됨', deletedAt: new Date() });
    await createBoard(app.db, { schoolId: other.id, name: '가 다른 학교' });

    const data = (await exec(app, BOARDS, { schoolId: school.id }, { token })).expectData();

    expect(ids(data)).toEqual([a.id, b.id]);
    expect(data.boards.totalCount).toBe(2);
    expect(data.boards.pageInfo).toEqual({ hasNextPage: false, endCursor: data.boards.edges[1].cursor });
  });

  it('pages through several pages with cursors, ordering equal names by id', async () => {
    const { school, token } = await schoolWithMember();
    const created = await Promise.all(['a', 'b', 'b', 'c', 'd'].map((name) => createBoard(app.db, { schoolId: school.id, name })));
    const expected = [...created].sort((x, y) => (x.name === y.name ? (x.id < y.id ? -1 : 1) : x.name < y.name ? -1 : 1)).map((b) => b.id);

    const seen: string[] = [];
    const pages: boolean[] = [];
    let after: string | null = null;
    do {
      const data: any = (await exec(app, BOARDS, { schoolId: school.id, first: 2, after }, { token })).expectData();
      seen.push(...ids(data));
      pages.push(data.boards.pageInfo.hasNextPage);
      expect(data.boards.totalCount).toBe(5);
      after = data.boards.pageInfo.hasNextPage ? data.boards.pageInfo.endCursor : null;
    } while (after);

    expect(seen).toEqual(expected);
    expect(pages).toEqual([true, true, false]);
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['a cursor of another shape', Buffer.from(JSON.stringify([1])).toString('base64url')],
    ['a cursor with non-string values', Buffer.from(JSON.stringify([1, 2])).toString('base64url')],
  ])('rejects %s as `after` with BAD_USER_INPUT', async (_case, after) => {
    const { school, token } = await schoolWithMember();

    const error = (await exec(app, BOARDS, { schoolId: school.id, after }, { token })).expectError('BAD_USER_INPUT');

    expect(error.extensions?.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
  });

  it.each([
    [0, 'must be at least 1'],
    [101, 'must be at most 100'],
  ])('rejects first: %d with BAD_USER_INPUT naming `first`', async (first, message) => {
    const { school, token } = await schoolWithMember();

    const error = (await exec(app, BOARDS, { schoolId: school.id, first }, { token })).expectError('BAD_USER_INPUT');

    expect(error.extensions?.fields).toEqual([{ field: 'first', message }]);
  });

  it('filters by a case-insensitive part of the name, matching wildcards literally', async () => {
    const { school, token } = await schoolWithMember();
    const python = await createBoard(app.db, { schoolId: school.id, name: 'Python 스터디' });
    const percent = await createBoard(app.db, { schoolId: school.id, name: '100% 후기' });
    await createBoard(app.db, { schoolId: school.id, name: '자유게시판' });

    const byName = (await exec(app, BOARDS, { schoolId: school.id, filter: { search: '  pYTHON ' } }, { token })).expectData();
    const byKorean = (await exec(app, BOARDS, { schoolId: school.id, filter: { search: '스터' } }, { token })).expectData();
    const byPercent = (await exec(app, BOARDS, { schoolId: school.id, filter: { search: '%' } }, { token })).expectData();

    expect(ids(byName)).toEqual([python.id]);
    expect(byName.boards.totalCount).toBe(1);
    expect(ids(byKorean)).toEqual([python.id]);
    expect(ids(byPercent)).toEqual([percent.id]);
  });

  it('filters by category, also combined with a search', async () => {
    const { school, token } = await schoolWithMember();
    const club = await createBoard(app.db, { schoolId: school.id, name: '밴드 동아리', category: 'CLUB' });
    await createBoard(app.db, { schoolId: school.id, name: '축구 동아리', category: 'FREE' });
    const club2 = await createBoard(app.db, { schoolId: school.id, name: '축구부', category: 'CLUB' });

    const clubs = (await exec(app, BOARDS, { schoolId: school.id, filter: { category: 'CLUB' } }, { token })).expectData();
    const both = (await exec(app, BOARDS, { schoolId: school.id, filter: { category: 'CLUB', search: '동아리' } }, { token })).expectData();

    expect(ids(clubs)).toEqual([club.id, club2.id]);
    expect(ids(both)).toEqual([club.id]);
  });

  it('rejects a search longer than 100 characters, naming the field', async () => {
    const { school, token } = await schoolWithMember();

    const error = (await exec(app, BOARDS, { schoolId: school.id, filter: { search: 'x'.repeat(101) } }, { token })).expectError('BAD_USER_INPUT');

    expect(error.extensions?.fields).toEqual([{ field: 'filter.search', message: 'must be at most 100 characters' }]);
  });

  it("answers NOT_FOUND to another school's member and to a user without a school, exactly as for an unknown school", async () => {
    const school = await createCommunitySchool(app.db);
    await createBoard(app.db, { schoolId: school.id });
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);
    const schoolless = await signUp(app);

    const foreign = await exec(app, BOARDS, { schoolId: school.id }, { token: outsider.accessToken });
    const noSchool = await exec(app, BOARDS, { schoolId: school.id }, { token: schoolless.accessToken });
    const unknown = await exec(app, BOARDS, { schoolId: '00000000-0000-0000-0000-000000000000' }, { token: outsider.accessToken });

    foreign.expectError('NOT_FOUND');
    expect(JSON.stringify(foreign.errors)).toBe(JSON.stringify(unknown.errors));
    expect(JSON.stringify(noSchool.errors)).toBe(JSON.stringify(unknown.errors));
    expect(foreign.data).toBeNull();
  });

  it("shows STAFF any school's boards, and NOT_FOUND for an unknown school", async () => {
    const school = await createCommunitySchool(app.db);
    const board = await createBoard(app.db, { schoolId: school.id });
    const admin = await staff(app);

    const data = (await exec(app, BOARDS, { schoolId: school.id }, { token: admin.accessToken })).expectData();
    const unknown = await exec(app, BOARDS, { schoolId: '00000000-0000-0000-0000-000000000000' }, { token: admin.accessToken });

    expect(ids(data)).toEqual([board.id]);
    unknown.expectError('NOT_FOUND');
  });

  it('requires a signed-in caller', async () => {
    const school = await createCommunitySchool(app.db);

    (await exec(app, BOARDS, { schoolId: school.id })).expectError('UNAUTHENTICATED');
  });
});

describe('board', () => {
  it('returns a board with its school, owner and viewer flags to a member', async () => {
    const { school, account, token } = await schoolWithMember();
    const owner = await member(app, school.id);
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: owner.id, description: '설명' });

    const data = (await exec(app, BOARD, { id: board.id }, { token })).expectData();

    expect(data.board).toEqual({
      id: board.id,
      name: board.name,
      category: 'FREE',
      description: '설명',
      viewerCanEdit: false,
      isFavorite: false,
      school: { id: school.id },
      owner: { id: owner.id },
      createdAt: board.createdAt.toISOString(),
    });
    expect(account.id).not.toBe(owner.id);
  });

  it('shows a null owner for a board nobody owns, and lets its owner edit', async () => {
    const { school, account, token } = await schoolWithMember();
    const unowned = await createBoard(app.db, { schoolId: school.id });
    const owned = await createBoard(app.db, { schoolId: school.id, ownerId: account.id });

    const a = (await exec(app, BOARD, { id: unowned.id }, { token })).expectData();
    const b = (await exec(app, BOARD, { id: owned.id }, { token })).expectData();

    expect(a.board).toMatchObject({ owner: null, viewerCanEdit: false });
    expect(b.board).toMatchObject({ owner: { id: account.id }, viewerCanEdit: true });
  });

  it("answers NOT_FOUND for another school's board and a deleted one, byte-identical to an unknown id", async () => {
    const { school, token } = await schoolWithMember();
    const foreignBoard = await createBoard(app.db, { schoolId: (await createCommunitySchool(app.db)).id });
    const deleted = await createBoard(app.db, { schoolId: school.id, deletedAt: new Date() });

    const foreign = await exec(app, BOARD, { id: foreignBoard.id }, { token });
    const gone = await exec(app, BOARD, { id: deleted.id }, { token });
    const unknown = await exec(app, BOARD, { id: '00000000-0000-0000-0000-000000000000' }, { token });

    expect(unknown.expectError('NOT_FOUND').message).toBe('Board not found');
    expect(JSON.stringify(foreign.errors)).toBe(JSON.stringify(unknown.errors));
    expect(JSON.stringify(gone.errors)).toBe(JSON.stringify(unknown.errors));
  });

  it('shows STAFF a board of any school, editable', async () => {
    const board = await createBoard(app.db, { schoolId: (await createCommunitySchool(app.db)).id });
    const admin = await staff(app);

    const data = (await exec(app, BOARD, { id: board.id }, { token: admin.accessToken })).expectData();

    expect(data.board).toMatchObject({ id: board.id, viewerCanEdit: true });
  });

  it('requires a signed-in caller', async () => {
    const board = await createBoard(app.db, { schoolId: (await createCommunitySchool(app.db)).id });

    (await exec(app, BOARD, { id: board.id })).expectError('UNAUTHENTICATED');
  });
});

describe('createBoard', () => {
  it('lets STAFF create a board of any category in any school, owned by them, with the name trimmed', async () => {
    const school = await createCommunitySchool(app.db);
    const admin = await staff(app);

    const data = (
      await exec(app, CREATE, { input: { schoolId: school.id, name: '  공지사항  ', category: 'INFO', description: '  학교 공지  ' } }, { token: admin.accessToken })
    ).expectData();

    expect(data.createBoard).toMatchObject({
      name: '공지사항',
      category: 'INFO',
      description: '학교 공지',
      school: { id: school.id },
      owner: { id: admin.id },
      viewerCanEdit: true,
      isFavorite: false,
    });
    const row = await app.db.board.findUniqueOrThrow({ where: { id: data.createBoard.id } });
    expect(row).toMatchObject({ schoolId: school.id, ownerId: admin.id, deletedAt: null });
  });

  it('lets a member create a CLUB board where the school allows it', async () => {
    const { school, account, token } = await schoolWithMember({ allowsClubBoards: true });

    const data = (await exec(app, CREATE, { input: { schoolId: school.id, name: '사진 동아리', category: 'CLUB' } }, { token })).expectData();

    expect(data.createBoard).toMatchObject({ name: '사진 동아리', category: 'CLUB', description: null, owner: { id: account.id }, viewerCanEdit: true });
  });

  it.each([
    ['a CLUB board where the school does not allow them', false, 'CLUB'],
    ['a non-CLUB board where the school allows CLUB boards', true, 'FREE'],
  ])('answers FORBIDDEN to a member creating %s, writing nothing', async (_case, allowsClubBoards, category) => {
    const { school, token } = await schoolWithMember({ allowsClubBoards });

    (await exec(app, CREATE, { input: { schoolId: school.id, name: unique('b'), category } }, { token })).expectError('FORBIDDEN');

    expect(await app.db.board.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it("answers NOT_FOUND to a non-member creating in another school (even one allowing clubs), as for an unknown school", async () => {
    const school = await createCommunitySchool(app.db, { allowsClubBoards: true });
    const { token } = await schoolWithMember();
    const admin = await staff(app);

    const foreign = await exec(app, CREATE, { input: { schoolId: school.id, name: 'x', category: 'CLUB' } }, { token });
    const unknown = await exec(app, CREATE, { input: { schoolId: '00000000-0000-0000-0000-000000000000', name: 'x', category: 'CLUB' } }, { token });
    const unknownForStaff = await exec(app, CREATE, { input: { schoolId: '00000000-0000-0000-0000-000000000000', name: 'x', category: 'FREE' } }, { token: admin.accessToken });

    foreign.expectError('NOT_FOUND');
    expect(JSON.stringify(foreign.errors)).toBe(JSON.stringify(unknown.errors));
    unknownForStaff.expectError('NOT_FOUND');
    expect(await app.db.board.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it.each([
    ['a blank name', { name: '   ' }, 'name', 'must be 1-50 characters'],
    ['a name of 51 characters', { name: '가'.repeat(51) }, 'name', 'must be 1-50 characters'],
    ['a description of 501 characters', { description: 'x'.repeat(501) }, 'description', 'must be at most 500 characters'],
  ])('rejects %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, override, field, message) => {
    const school = await createCommunitySchool(app.db);
    const admin = await staff(app);

    const result = await exec(app, CREATE, { input: { schoolId: school.id, name: 'ok', category: 'FREE', ...override } }, { token: admin.accessToken });

    expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field, message }]);
    expect(await app.db.board.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('accepts a 50-character name surrounded by spaces', async () => {
    const school = await createCommunitySchool(app.db);
    const admin = await staff(app);

    const data = (await exec(app, CREATE, { input: { schoolId: school.id, name: ` ${'가'.repeat(50)} `, category: 'FREE' } }, { token: admin.accessToken })).expectData();

    expect(data.createBoard.name).toBe('가'.repeat(50));
  });

  it('requires a signed-in caller', async () => {
    const school = await createCommunitySchool(app.db, { allowsClubBoards: true });

    (await exec(app, CREATE, { input: { schoolId: school.id, name: 'x', category: 'CLUB' } })).expectError('UNAUTHENTICATED');
  });
});

describe('updateBoard', () => {
  it('lets the owner change the name and clear the description, keeping the category', async () => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id, category: 'CLUB', description: '옛 설명' });

    const data = (await exec(app, UPDATE, { id: board.id, input: { name: ' 새 이름 ', description: null, category: 'CLUB' } }, { token })).expectData();

    expect(data.updateBoard).toMatchObject({ id: board.id, name: '새 이름', description: null, category: 'CLUB' });
    expect(await app.db.board.findUniqueOrThrow({ where: { id: board.id } })).toMatchObject({ name: '새 이름', description: null });
  });

  it('leaves omitted fields as they are', async () => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id, description: '그대로' });

    const data = (await exec(app, UPDATE, { id: board.id, input: { name: '바뀐 이름' } }, { token })).expectData();

    expect(data.updateBoard).toMatchObject({ name: '바뀐 이름', description: '그대로', category: 'FREE' });
  });

  it('answers FORBIDDEN when the owner changes the category, changing nothing', async () => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id, category: 'CLUB' });

    (await exec(app, UPDATE, { id: board.id, input: { name: '새 이름', category: 'INFO' } }, { token })).expectError('FORBIDDEN');

    expect(await app.db.board.findUniqueOrThrow({ where: { id: board.id } })).toMatchObject({ name: board.name, category: 'CLUB' });
  });

  it("lets STAFF change anyone's board, category included", async () => {
    const { school, account } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id, category: 'CLUB' });
    const admin = await staff(app);

    const data = (await exec(app, UPDATE, { id: board.id, input: { category: 'INFO', description: '공식' } }, { token: admin.accessToken })).expectData();

    expect(data.updateBoard).toMatchObject({ category: 'INFO', description: '공식', owner: { id: account.id } });
  });

  it('answers FORBIDDEN to a member who is not the owner, NOT_FOUND to another school and for a deleted board', async () => {
    const { school, account } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id });
    const deleted = await createBoard(app.db, { schoolId: school.id, ownerId: account.id, deletedAt: new Date() });
    const neighbour = await member(app, school.id);
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);

    (await exec(app, UPDATE, { id: board.id, input: { name: 'x' } }, { token: neighbour.accessToken })).expectError('FORBIDDEN');
    (await exec(app, UPDATE, { id: board.id, input: { name: 'x' } }, { token: outsider.accessToken })).expectError('NOT_FOUND');
    (await exec(app, UPDATE, { id: deleted.id, input: { name: 'x' } }, { token: account.accessToken })).expectError('NOT_FOUND');

    expect((await app.db.board.findUniqueOrThrow({ where: { id: board.id } })).name).toBe(board.name);
  });

  it.each([
    ['a blank name', { name: '  ' }, 'name', 'must be 1-50 characters'],
    ['a null name', { name: null }, 'name', 'must be 1-50 characters'],
    ['a null category', { category: null }, 'category', 'cannot be empty'],
    ['a description of 501 characters', { description: 'x'.repeat(501) }, 'description', 'must be at most 500 characters'],
  ])('rejects %s with BAD_USER_INPUT naming the field', async (_case, input, field, message) => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id });

    const result = await exec(app, UPDATE, { id: board.id, input }, { token });

    expect(result.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field, message }]);
    expect((await app.db.board.findUniqueOrThrow({ where: { id: board.id } })).name).toBe(board.name);
  });
});

describe('deleteBoard', () => {
  it('lets the owner delete a board softly: it disappears from board, boards and myBoards', async () => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id });
    (await exec(app, FAVORITE, { boardId: board.id }, { token })).expectData();

    const data = (await exec(app, DELETE, { id: board.id }, { token })).expectData();

    expect(data).toEqual({ deleteBoard: true });
    expect((await app.db.board.findUniqueOrThrow({ where: { id: board.id } })).deletedAt).toBeInstanceOf(Date);
    (await exec(app, BOARD, { id: board.id }, { token })).expectError('NOT_FOUND');
    expect(ids((await exec(app, BOARDS, { schoolId: school.id }, { token })).expectData())).toEqual([]);
    expect((await exec(app, MY_BOARDS, {}, { token })).expectData().myBoards).toEqual([]);
    (await exec(app, DELETE, { id: board.id }, { token })).expectError('NOT_FOUND');
  });

  it("lets STAFF delete anyone's board", async () => {
    const { school, account } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id });
    const admin = await staff(app);

    expect((await exec(app, DELETE, { id: board.id }, { token: admin.accessToken })).expectData()).toEqual({ deleteBoard: true });
  });

  it('answers FORBIDDEN to a member who is not the owner and NOT_FOUND to another school, keeping the board', async () => {
    const { school, account } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id, ownerId: account.id });
    const neighbour = await member(app, school.id);
    const outsider = await member(app, (await createCommunitySchool(app.db)).id);

    (await exec(app, DELETE, { id: board.id }, { token: neighbour.accessToken })).expectError('FORBIDDEN');
    (await exec(app, DELETE, { id: board.id }, { token: outsider.accessToken })).expectError('NOT_FOUND');

    expect((await app.db.board.findUniqueOrThrow({ where: { id: board.id } })).deletedAt).toBeNull();
  });

  it('answers FORBIDDEN to a member for a board nobody owns', async () => {
    const { school, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id });

    (await exec(app, DELETE, { id: board.id }, { token })).expectError('FORBIDDEN');
  });
});

describe('favoriteBoard and unfavoriteBoard', () => {
  it('favourites and unfavourites a board idempotently', async () => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id });
    const rows = () => app.db.favoriteBoard.count({ where: { userId: account.id, boardId: board.id } });

    expect((await exec(app, FAVORITE, { boardId: board.id }, { token })).expectData().favoriteBoard).toEqual({ id: board.id, isFavorite: true });
    expect((await exec(app, FAVORITE, { boardId: board.id }, { token })).expectData().favoriteBoard).toEqual({ id: board.id, isFavorite: true });
    expect(await rows()).toBe(1);
    expect((await exec(app, BOARD, { id: board.id }, { token })).expectData().board.isFavorite).toBe(true);
    expect((await exec(app, UNFAVORITE, { boardId: board.id }, { token })).expectData().unfavoriteBoard).toEqual({ id: board.id, isFavorite: false });
    expect((await exec(app, UNFAVORITE, { boardId: board.id }, { token })).expectData().unfavoriteBoard).toEqual({ id: board.id, isFavorite: false });
    expect(await rows()).toBe(0);
  });

  it('answers each mutation of one document with the state it wrote, not what the request cached before', async () => {
    const { school, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id });
    const toggles = `mutation Toggles($boardId: ID!) {
      on: favoriteBoard(boardId: $boardId) { isFavorite }
      off: unfavoriteBoard(boardId: $boardId) { isFavorite }
      again: favoriteBoard(boardId: $boardId) { isFavorite }
    }`;

    const data = (await exec(app, toggles, { boardId: board.id }, { token })).expectData();

    expect(data).toEqual({ on: { isFavorite: true }, off: { isFavorite: false }, again: { isFavorite: true } });
  });

  it('keeps exactly one row under 10 concurrent favourites, none failing', async () => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id });

    const results = await Promise.all(Array.from({ length: 10 }, () => exec(app, FAVORITE, { boardId: board.id }, { token })));

    expect(results.map((r) => r.expectData().favoriteBoard.isFavorite)).toEqual(Array(10).fill(true));
    expect(await app.db.favoriteBoard.count({ where: { userId: account.id, boardId: board.id } })).toBe(1);
  });

  it('never fails under concurrent unfavourites', async () => {
    const { school, account, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id });
    await app.db.favoriteBoard.create({ data: { userId: account.id, boardId: board.id } });

    const results = await Promise.all(Array.from({ length: 10 }, () => exec(app, UNFAVORITE, { boardId: board.id }, { token })));

    expect(results.map((r) => r.expectData().unfavoriteBoard.isFavorite)).toEqual(Array(10).fill(false));
    expect(await app.db.favoriteBoard.count({ where: { userId: account.id } })).toBe(0);
  });

  it('answers isFavorite from the latest change when one document changes it twice', async () => {
    const { school, token } = await schoolWithMember();
    const board = await createBoard(app.db, { schoolId: school.id });
    const doc = `mutation($id: ID!) {
      a: favoriteBoard(boardId: $id) { isFavorite }
      b: unfavoriteBoard(boardId: $id) { isFavorite }
      c: favoriteBoard(boardId: $id) { isFavorite }
    }`;

    const data = (await exec(app, doc, { id: board.id }, { token })).expectData();

    expect(data).toEqual({ a: { isFavorite: true }, b: { isFavorite: false }, c: { isFavorite: true } });
  });

  it("answers NOT_FOUND for another school's board and a deleted board, writing nothing", async () => {
    const { school, account, token } = await schoolWithMember();
    const foreign = await createBoard(app.db, { schoolId: (await createCommunitySchool(app.db)).id });
    const deleted = await createBoard(app.db, { schoolId: school.id, deletedAt: new Date() });

    (await exec(app, FAVORITE, { boardId: foreign.id }, { token })).expectError('NOT_FOUND');
    (await exec(app, FAVORITE, { boardId: deleted.id }, { token })).expectError('NOT_FOUND');
    (await exec(app, UNFAVORITE, { boardId: foreign.id }, { token })).expectError('NOT_FOUND');

    expect(await app.db.favoriteBoard.count({ where: { userId: account.id } })).toBe(0);
  });

  it('requires a signed-in caller', async () => {
    const board = await createBoard(app.db, { schoolId: (await createCommunitySchool(app.db)).id });

    (await exec(app, FAVORITE, { boardId: board.id })).expectError('UNAUTHENTICATED');
    (await exec(app, UNFAVORITE, { boardId: board.id })).expectError('UNAUTHENTICATED');
  });
});

describe('myBoards', () => {
  it('lists the favourites in the order they were favourited', async () => {
    const { school, token } = await schoolWithMember();
    const [x, y, z] = await Promise.all(['가', '나', '다'].map((name) => createBoard(app.db, { schoolId: school.id, name })));
    for (const board of [z, x, y]) (await exec(app, FAVORITE, { boardId: board.id }, { token })).expectData();

    const data = (await exec(app, MY_BOARDS, {}, { token })).expectData();

    expect(data.myBoards).toEqual([z, x, y].map((b) => ({ id: b.id, isFavorite: true })));
  });

  it('leaves out deleted boards and boards of a school the viewer left', async () => {
    const { school, account, token } = await schoolWithMember();
    const kept = await createBoard(app.db, { schoolId: school.id });
    const deleted = await createBoard(app.db, { schoolId: school.id });
    for (const board of [kept, deleted]) (await exec(app, FAVORITE, { boardId: board.id }, { token })).expectData();
    await app.db.board.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

    const before = (await exec(app, MY_BOARDS, {}, { token })).expectData();
    await app.db.user.update({ where: { id: account.id }, data: { schoolId: (await createCommunitySchool(app.db)).id } });
    const after = (await exec(app, MY_BOARDS, {}, { token })).expectData();

    expect(before.myBoards.map((b: { id: string }) => b.id)).toEqual([kept.id]);
    expect(after.myBoards).toEqual([]);
  });

  it('is empty for a user without a school', async () => {
    const account = await signUp(app);

    expect((await exec(app, MY_BOARDS, {}, { token: account.accessToken })).expectData()).toEqual({ myBoards: [] });
  });

  it('requires a signed-in caller', async () => {
    (await exec(app, MY_BOARDS)).expectError('UNAUTHENTICATED');
  });
});

describe('batching', () => {
  const LIST = `query($schoolId: ID!) { boards(schoolId: $schoolId) { edges { node { ${BOARD_FIELDS} } } } }`;

  async function seed(count: number) {
    const { school, account, token } = await schoolWithMember();
    const owners = await Promise.all([1, 2, 3].map(() => member(app, school.id)));
    const boards = await Promise.all(
      Array.from({ length: count }, (_, i) => createBoard(app.db, { schoolId: school.id, ownerId: owners[i % owners.length].id })),
    );
    await app.db.favoriteBoard.createMany({ data: boards.filter((_, i) => i % 2 === 0).map((b) => ({ userId: account.id, boardId: b.id })) });
    return { school, token };
  }

  it('lists 10 boards with isFavorite, school and owner in as many SQL statements as 3', async () => {
    const three = await seed(3);
    const ten = await seed(10);

    const small = await exec(app, LIST, { schoolId: three.school.id }, { token: three.token });
    const large = await exec(app, LIST, { schoolId: ten.school.id }, { token: ten.token });

    expect(small.expectData().boards.edges).toHaveLength(3);
    const nodes = large.expectData().boards.edges.map((e: { node: { isFavorite: boolean } }) => e.node);
    expect(nodes).toHaveLength(10);
    expect(nodes.filter((n: { isFavorite: boolean }) => n.isFavorite)).toHaveLength(5);
    expect(large.sqlStatements).toBe(small.sqlStatements);
    // The fast path: the session check and one statement.
    expect(large.sqlStatements).toBe(2);
    // The resolver path: session check, boards, favourites, schools, owners.
    const resolverPath = await createTestApp(testConfig({ AUTH_SESSION_CACHE_MS: '0' }), { fastPath: false });
    try {
      const [slowSmall, slowLarge] = [await exec(resolverPath, LIST, { schoolId: three.school.id }, { token: three.token }), await exec(resolverPath, LIST, { schoolId: ten.school.id }, { token: ten.token })];
      expect(slowLarge.expectData()).toEqual(large.expectData());
      expect([slowSmall.sqlStatements, slowLarge.sqlStatements]).toEqual([5, 5]);
    } finally {
      await resolverPath.stop();
    }
  });
});
