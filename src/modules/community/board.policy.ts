/**
 * Who may create and edit boards. Pure functions; visibility (canReadSchool in
 * community.policy.ts) is checked first, so these answer FORBIDDEN only to viewers who can
 * see the board or school.
 */
import type { Viewer } from '../../auth/viewer';
import type { Board as DbBoard, School as DbSchool } from '../../generated/prisma/client';
import { BoardCategory } from './board.types';
import { canReadSchool, isStaff } from './community.policy';

/** STAFF may create any board; members may create CLUB boards where the school allows it. */
export function canCreateBoard(viewer: Viewer, school: Pick<DbSchool, 'id' | 'allowsClubBoards'>, category: BoardCategory): boolean {
  if (isStaff(viewer)) return true;
  return canReadSchool(viewer, school.id) && school.allowsClubBoards && category === BoardCategory.CLUB;
}

/** STAFF and the board's owner may update or delete it. */
export function canEditBoard(viewer: Viewer, board: Pick<DbBoard, 'ownerId'>): boolean {
  return isStaff(viewer) || (board.ownerId !== null && board.ownerId === viewer.id);
}

/** Only STAFF may move a board to another category. */
export function canChangeBoardCategory(viewer: Viewer): boolean {
  return isStaff(viewer);
}
