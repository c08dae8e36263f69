import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import { Prisma, type Board as DbBoard } from '../../generated/prisma/client';
import { ForbiddenError, NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import { decodeCursor, pageSize, toPage, type Page } from '../../shared/pagination';
import {
  BOARD_DESCRIPTION_MAX_LENGTH,
  BOARD_DESCRIPTION_MESSAGE,
  BOARD_NAME_MAX_LENGTH,
  BOARD_NAME_MESSAGE,
  type BoardsArgs,
  type CreateBoardInput,
  type UpdateBoardInput,
} from './board.inputs';
import { likeEscape } from '../../shared/sql-text';
import type { BoardLoaders } from './board.loaders';
import { canChangeBoardCategory, canCreateBoard, canEditBoard } from './board.policy';
import { canReadSchool, isStaff, readableSchoolIds } from './community.policy';
import { normalizeText, textLength } from '../../shared/text';


function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}

/**
 * Trims a name and a description and checks their limits again (class-validator checks the
 * GraphQL input; this keeps the rule for every caller). A blank description becomes null.
 * `undefined` means "not given" and stays undefined.
 */
function boardText(input: { name?: string | null; description?: string | null }): { name?: string; description?: string | null } {
  const problems: FieldProblem[] = [];
  const name = input.name === undefined ? undefined : normalizeText(input.name ?? '');
  if (name !== undefined && (name.length === 0 || textLength(name) > BOARD_NAME_MAX_LENGTH)) {
    problems.push({ field: 'name', message: BOARD_NAME_MESSAGE });
  }
  const description = input.description === undefined ? undefined : normalizeText(input.description ?? '') || null;
  if (description && textLength(description) > BOARD_DESCRIPTION_MAX_LENGTH) {
    problems.push({ field: 'description', message: BOARD_DESCRIPTION_MESSAGE });
  }
  if (problems.length > 0) throw new UserInputError(problems);
  return { name, description };
}

/**
 * The request's loaders a board write refreshes. Writes take them as an argument (like the
 * project list does): the service is one per app, the loaders one per request, and the
 * service is where it is known what a write changed.
 */
export interface BoardCaches {
  board: Pick<BoardLoaders, 'boardChanged' | 'favoriteChanged'>;
}

/**
 * Boards of school communities. A board is visible to the members of its school and to
 * STAFF; to anyone else it does not exist (NOT_FOUND, the same answer as for an unknown id).
 */
export class BoardService {
  constructor(private readonly db: Db) {}

  /**
   * The board, when it exists, is not deleted and the viewer can read its school. For
   * other modules (posts) that act on a board.
   * @throws NotFoundError otherwise.
   */
  async getVisible(viewer: Viewer, boardId: string): Promise<DbBoard> {
    const board = await this.db.board.findUnique({ where: { id: boardId } });
    if (!board || board.deletedAt !== null || !canReadSchool(viewer, board.schoolId)) throw new NotFoundError('Board');
    return board;
  }

  /**
   * A page of a school's live boards, by name then id.
   * @throws NotFoundError when the viewer cannot read the school; UserInputError (`after`) for a bad cursor.
   */
  async list(viewer: Viewer, args: BoardsArgs): Promise<Page<DbBoard>> {
    const after = args.after ? this.decodeAfter(args.after) : null;
    await this.assertSchoolReadable(viewer, args.schoolId);
    const first = pageSize(args);
    const search = args.filter?.search?.trim();
    const where: Prisma.BoardWhereInput = {
      schoolId: args.schoolId,
      deletedAt: null,
      ...(search ? { name: { contains: likeEscape(search), mode: 'insensitive' } } : {}),
      ...(args.filter?.category ? { category: args.filter.category } : {}),
    };
    const rows = await this.db.board.findMany({
      where: after ? { AND: [where, { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }] } : where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: first + 1,
    });
    return toPage(rows, first, (board) => [board.name, board.id], () => this.db.board.count({ where }));
  }

  /** The viewer's favourite boards that are still visible, in the order they were favourited. */
  async listFavorites(viewer: Viewer): Promise<DbBoard[]> {
    const schoolIds = readableSchoolIds(viewer);
    if (schoolIds?.length === 0) return [];
    const favorites = await this.db.favoriteBoard.findMany({
      where: { userId: viewer.id, board: { deletedAt: null, ...(schoolIds ? { schoolId: { in: schoolIds } } : {}) } },
      orderBy: [{ createdAt: 'asc' }, { boardId: 'asc' }],
      include: { board: true },
    });
    return favorites.map((favorite) => favorite.board);
  }

  /**
   * Creates a board owned by the viewer.
   * @throws NotFoundError (school unknown or not readable), ForbiddenError (not STAFF, and not a
   *   CLUB board in a school that allows them), UserInputError (name, description)
   */
  async create(viewer: Viewer, input: CreateBoardInput): Promise<DbBoard> {
    const school = canReadSchool(viewer, input.schoolId) ? await this.db.school.findUnique({ where: { id: input.schoolId } }) : null;
    if (!school) throw new NotFoundError('School');
    if (!canCreateBoard(viewer, school, input.category)) throw new ForbiddenError('Only STAFF may create this board');
    const text = boardText({ name: input.name, description: input.description ?? null });
    return this.db.board.create({
      data: { schoolId: school.id, name: text.name!, category: input.category, description: text.description ?? null, ownerId: viewer.id },
    });
  }

  /**
   * Changes the fields present in `input`. STAFF or the owner; only STAFF changes the category.
   * @throws NotFoundError, ForbiddenError, UserInputError (name, description, category)
   */
  async update(viewer: Viewer, id: string, input: UpdateBoardInput, caches: BoardCaches): Promise<DbBoard> {
    const board = await this.getVisible(viewer, id);
    if (!canEditBoard(viewer, board)) throw new ForbiddenError();
    if (input.category != null && input.category !== board.category && !canChangeBoardCategory(viewer)) {
      throw new ForbiddenError('Only STAFF may change the category of a board');
    }
    if (input.category === null) throw UserInputError.field('category', 'cannot be empty');
    const text = boardText({ name: input.name, description: input.description });
    const updated = await this.writeLive(id, {
      ...(text.name !== undefined ? { name: text.name } : {}),
      ...(text.description !== undefined ? { description: text.description } : {}),
      ...(input.category != null ? { category: input.category } : {}),
    });
    caches.board.boardChanged(updated);
    return updated;
  }

  /**
   * Soft-deletes a board: it disappears from every list and lookup. STAFF or the owner.
   * @throws NotFoundError, ForbiddenError
   */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const board = await this.getVisible(viewer, id);
    if (!canEditBoard(viewer, board)) throw new ForbiddenError();
    await this.writeLive(id, { deletedAt: new Date() });
    return true;
  }

  /**
   * Adds a visible board to the viewer's favourites. Idempotent, also under concurrency
   * (`ON CONFLICT DO NOTHING`).
   * @throws NotFoundError
   */
  async favorite(viewer: Viewer, boardId: string, caches: BoardCaches): Promise<DbBoard> {
    const board = await this.getVisible(viewer, boardId);
    await this.db.favoriteBoard.createMany({ data: [{ userId: viewer.id, boardId: board.id }], skipDuplicates: true });
    caches.board.favoriteChanged(board.id, true);
    return board;
  }

  /**
   * Removes a visible board from the viewer's favourites. Idempotent.
   * @throws NotFoundError
   */
  async unfavorite(viewer: Viewer, boardId: string, caches: BoardCaches): Promise<DbBoard> {
    const board = await this.getVisible(viewer, boardId);
    await this.db.favoriteBoard.deleteMany({ where: { userId: viewer.id, boardId: board.id } });
    caches.board.favoriteChanged(board.id, false);
    return board;
  }

  /** Updates a board unless it was deleted meanwhile (then NOT_FOUND, as if checked first). */
  private async writeLive(id: string, data: Prisma.BoardUpdateInput): Promise<DbBoard> {
    try {
      return await this.db.board.update({ where: { id, deletedAt: null }, data });
    } catch (error) {
      if (isRecordNotFound(error)) throw new NotFoundError('Board');
      throw error;
    }
  }

  /** STAFF read every school that exists; members only their own. */
  private async assertSchoolReadable(viewer: Viewer, schoolId: string): Promise<void> {
    if (!canReadSchool(viewer, schoolId)) throw new NotFoundError('School');
    if (isStaff(viewer) && !(await this.db.school.findUnique({ where: { id: schoolId }, select: { id: true } }))) {
      throw new NotFoundError('School');
    }
  }

  private decodeAfter(cursor: string): { name: string; id: string } {
    const [name, id] = decodeCursor(cursor, ['text', 'text']);
    return { name, id };
  }
}
