import { describe, expect, it } from '@jest/globals';
import { Role, type Viewer } from '../../src/auth/viewer';
import { visibleContent, visiblePostWhere } from '../../src/modules/community/community.policy';

const viewer = (overrides: Partial<Viewer> = {}): Viewer => ({ id: 'u1', role: Role.USER, sessionId: 's1', schoolId: 'school-a', emailVerified: true, timeZone: null, ...overrides });
const shown = { content: 'text', blindedAt: null };
const blinded = { content: 'text', blindedAt: new Date('2026-01-01T00:00:00Z') };

describe('visiblePostWhere (who may see a post)', () => {
  it('limits a member to live posts on live boards of their own school', () => {
    expect(visiblePostWhere(viewer())).toEqual({ deletedAt: null, board: { deletedAt: null, schoolId: { in: ['school-a'] } } });
  });

  it('shows an account without a verified school no post at all', () => {
    expect(visiblePostWhere(viewer({ schoolId: null }))).toEqual({ deletedAt: null, board: { deletedAt: null, schoolId: { in: [] } } });
  });

  it('shows STAFF live posts on live boards of every school, and never a deleted one', () => {
    expect(visiblePostWhere(viewer({ role: Role.STAFF, schoolId: null }))).toEqual({ deletedAt: null, board: { deletedAt: null } });
  });
});

describe('visibleContent', () => {
  it('shows content that reports have not blinded to everyone', () => {
    expect(visibleContent(viewer(), shown)).toBe('text');
    expect(visibleContent(viewer({ role: Role.STAFF }), shown)).toBe('text');
    expect(visibleContent(null, shown)).toBe('text');
  });

  it('hides blinded content from everyone but STAFF', () => {
    expect(visibleContent(viewer(), blinded)).toBeNull();
    expect(visibleContent(null, blinded)).toBeNull();
  });

  it('shows blinded content to STAFF, who decide whether to restore it', () => {
    expect(visibleContent(viewer({ role: Role.STAFF, schoolId: null }), blinded)).toBe('text');
  });
});
