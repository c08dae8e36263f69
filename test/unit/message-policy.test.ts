import { describe, expect, it } from '@jest/globals';
import { ANONYMOUS_NAME, displayName } from '../../src/modules/community/anonymity';
import {
  conversationKey,
  isHiddenFrom,
  isParticipant,
  isViewerHidden,
  otherParticipantId,
} from '../../src/modules/message/message.policy';

const [low, high, stranger] = ['a-low', 'b-high', 'c-stranger'];
const named = { userLowId: low, userHighId: high, anonymousUserId: null };
const lowHidden = { userLowId: low, userHighId: high, anonymousUserId: low };

describe('conversationKey', () => {
  it('orders the pair, whoever writes first, and keys an anonymous conversation by its post or comment, never by the hidden writer', () => {
    expect(conversationKey(high, low, null)).toEqual({ userLowId: low, userHighId: high, contextKey: '' });
    expect(conversationKey(low, high, null)).toEqual(conversationKey(high, low, null));
    expect(conversationKey(high, low, { postId: 'p1' })).toEqual({ userLowId: low, userHighId: high, contextKey: 'post:p1' });
    expect(conversationKey(low, high, { commentId: 'c1' })).toEqual({ userLowId: low, userHighId: high, contextKey: 'comment:c1' });
  });
});

describe('participants', () => {
  it('are the two accounts of the pair only', () => {
    expect([low, high, stranger].map((id) => isParticipant(named, id))).toEqual([true, true, false]);
    expect(otherParticipantId(named, low)).toBe(high);
    expect(otherParticipantId(named, high)).toBe(low);
  });
});

describe('anonymity', () => {
  it('hides the anonymous participant from the other one, never from themselves', () => {
    expect(isHiddenFrom(lowHidden, low, high)).toBe(true);
    expect(isHiddenFrom(lowHidden, low, low)).toBe(false);
    expect(isHiddenFrom(lowHidden, high, low)).toBe(false);
    expect(isHiddenFrom(named, low, high)).toBe(false);
    expect([isViewerHidden(lowHidden, low), isViewerHidden(lowHidden, high), isViewerHidden(named, low)]).toEqual([true, false, false]);
  });

  it('names a live account by its nickname and a deleted or missing one neutrally', () => {
    expect(displayName({ nickname: '밥', deletedAt: null })).toBe('밥');
    expect(displayName({ nickname: '밥', deletedAt: new Date() })).toBe('(deleted user)');
    expect(displayName(null)).toBe('(deleted user)');
    expect(ANONYMOUS_NAME).toBe('익명');
  });
});
