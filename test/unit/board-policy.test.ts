import { describe, expect, it } from '@jest/globals';
import { Role, type Viewer } from '../../src/auth/viewer';
import { canChangeBoardCategory, canCreateBoard, canEditBoard } from '../../src/modules/community/board.policy';
import { BoardCategory } from '../../src/modules/community/board.types';

const viewer = (overrides: Partial<Viewer> = {}): Viewer => ({ id: 'u1', role: Role.USER, sessionId: 's1', schoolId: 'school-a', emailVerified: true, timeZone: null, ...overrides });
const clubsAllowed = { id: 'school-a', allowsClubBoards: true };
const clubsNotAllowed = { id: 'school-a', allowsClubBoards: false };

describe('canCreateBoard', () => {
  it('lets STAFF create any category in any school', () => {
    for (const category of Object.values(BoardCategory)) {
      expect(canCreateBoard(viewer({ role: Role.STAFF, schoolId: null }), clubsNotAllowed, category)).toBe(true);
    }
  });

  it('lets a member create only CLUB boards, only where the school allows them', () => {
    expect(canCreateBoard(viewer(), clubsAllowed, BoardCategory.CLUB)).toBe(true);
    expect(canCreateBoard(viewer(), clubsAllowed, BoardCategory.FREE)).toBe(false);
    expect(canCreateBoard(viewer(), clubsNotAllowed, BoardCategory.CLUB)).toBe(false);
  });

  it('refuses users of another school or of none', () => {
    expect(canCreateBoard(viewer({ schoolId: 'school-b' }), clubsAllowed, BoardCategory.CLUB)).toBe(false);
    expect(canCreateBoard(viewer({ schoolId: null }), clubsAllowed, BoardCategory.CLUB)).toBe(false);
  });
});

describe('canEditBoard', () => {
  it('lets STAFF and the owner edit, nobody else, and nobody but STAFF a board without owner', () => {
    expect(canEditBoard(viewer({ role: Role.STAFF }), { ownerId: 'someone' })).toBe(true);
    expect(canEditBoard(viewer({ role: Role.STAFF }), { ownerId: null })).toBe(true);
    expect(canEditBoard(viewer(), { ownerId: 'u1' })).toBe(true);
    expect(canEditBoard(viewer(), { ownerId: 'u2' })).toBe(false);
    expect(canEditBoard(viewer(), { ownerId: null })).toBe(false);
  });
});

describe('canChangeBoardCategory', () => {
  it('is for STAFF only', () => {
    expect(canChangeBoardCategory(viewer({ role: Role.STAFF }))).toBe(true);
    expect(canChangeBoardCategory(viewer())).toBe(false);
  });
});
