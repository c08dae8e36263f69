/** DateTime: graphql-scalars' parsing, output as the ISO string itself (not a Date for JSON to convert). */
import { describe, expect, it } from '@jest/globals';
import { DateTimeScalar } from '../../src/shared/scalars';

describe('DateTime scalar', () => {
  it('serialises a Date to its ISO-8601 string', () => {
    const date = new Date('2026-11-23T14:36:31.123Z');
    expect(DateTimeScalar.serialize(date)).toBe('2026-11-23T14:36:31.123Z');
    expect(typeof DateTimeScalar.serialize(date)).toBe('string');
  });

  it('parses what graphql-scalars parses, and refuses what it refuses', () => {
    expect(DateTimeScalar.parseValue('2026-11-23T23:36:31+09:00')).toEqual(new Date('2026-11-23T14:36:31.000Z'));
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow();
    expect(() => DateTimeScalar.serialize('not a date')).toThrow();
  });

  it('keeps the name and description clients see', () => {
    expect(DateTimeScalar.name).toBe('DateTime');
    expect(DateTimeScalar.description).toMatch(/date-time/i);
  });
});
