/** The one text rule (src/shared/text.ts): NFC, trimmed, counted in code points. */
import { describe, expect, it } from '@jest/globals';
import type { FieldProblem } from '../../src/shared/errors';
import { isTextWithin, normalizeText, optionalText, requiredText, textLength } from '../../src/shared/text';

const decomposedHan = '\u1112\u1161\u11AB'; // 한 as three jamo (macOS input)
const decomposedE = 'e\u0301'; // é as e + combining acute

describe('the text rule', () => {
  it('stores the NFC form without surrounding whitespace', () => {
    expect(normalizeText(`  ${decomposedHan}${decomposedE}\n`)).toBe('한é');
  });

  it('counts code points of the normalised text: decomposed letters once, emoji outside the BMP once', () => {
    expect(textLength(normalizeText(decomposedHan))).toBe(1);
    expect(textLength(normalizeText(decomposedE))).toBe(1);
    expect('😀'.length).toBe(2);
    expect(textLength('😀')).toBe(1);
  });

  it('applies the same count to the input check and the service check', () => {
    const hundredEmoji = '😀'.repeat(100);
    const problems: FieldProblem[] = [];
    expect(isTextWithin(hundredEmoji, 1, 100)).toBe(true);
    expect(isTextWithin(`${hundredEmoji}😀`, 1, 100)).toBe(false);
    expect(isTextWithin(decomposedHan.repeat(100), 1, 100)).toBe(true);
    expect(requiredText(problems, 'name', ` ${hundredEmoji} `, 100)).toBe(hundredEmoji);
    expect(problems).toEqual([]);
  });

  it('reports empty and too long text, and optional blank text as none', () => {
    const problems: FieldProblem[] = [];
    requiredText(problems, 'title', '   ', 5);
    requiredText(problems, 'body', '가나다라마바', 5);
    expect(optionalText(problems, 'detail', '  ', 5)).toBeNull();
    expect(optionalText(problems, 'detail', null, 5)).toBeNull();
    expect(problems).toEqual([
      { field: 'title', message: 'cannot be empty' },
      { field: 'body', message: 'must be at most 5 characters' },
    ]);
    expect(isTextWithin('   ', 1, 5)).toBe(false);
    expect(isTextWithin(42, 0, 5)).toBe(false);
  });
});
