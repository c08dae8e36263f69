import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Board as DbBoard } from '../../generated/prisma/client';
import { byKey } from '../../shared/loader-utils';

export type BoardLoaders = ReturnType<typeof createBoardLoaders>;

/**
 * Per request: `isFavoriteByBoardId` is scoped to the viewer. A service that changed a board
 * or a favourite says so (`boardChanged`, `favoriteChanged`), so that the rest of the
 * response reads the new state and not this request's cached one.
 */
export function createBoardLoaders(db: Db, viewer: Viewer | null) {
  /**
   * Boards by id, soft-deleted ones included (null only for an unknown id): the caller
   * decides what a deleted or invisible board means (see BoardService.getVisible).
   */
  const boardById = new DataLoader<string, DbBoard | null>(async (ids) =>
    byKey(ids, await db.board.findMany({ where: { id: { in: [...ids] } } }), (board) => board.id),
  );

  /** Whether the viewer has favourited each board; false for everything without a viewer. */
  const isFavoriteByBoardId = new DataLoader<string, boolean>(async (boardIds) => {
    if (!viewer) return boardIds.map(() => false);
    const rows = await db.favoriteBoard.findMany({
      where: { userId: viewer.id, boardId: { in: [...boardIds] } },
      select: { boardId: true },
    });
    const favorites = new Set(rows.map((row) => row.boardId));
    return boardIds.map((id) => favorites.has(id));
  });

  return {
    boardById,
    isFavoriteByBoardId,

    /** The board as just written replaces what this request cached. */
    boardChanged(board: DbBoard): void {
      boardById.clear(board.id).prime(board.id, board);
    },

    /** The viewer's favourite flag of the board as just written replaces the cached one. */
    favoriteChanged(boardId: string, isFavorite: boolean): void {
      isFavoriteByBoardId.clear(boardId).prime(boardId, isFavorite);
    },
  };
}
