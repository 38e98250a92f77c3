import { describe, expect, it } from 'vitest';
import { parseSince } from './since.js';

describe('parseSince', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it.each([
    ['30m', '2026-11-25T11:30:00.000Z'],
    ['2h', '2026-11-25T10:00:00.000Z'],
    ['7d', '2026-11-18T12:00:00.000Z'],
    ['2026-11-25T09:15:00Z', '2026-11-25T09:15:00.000Z'],
  ])('should read %s', (text, expected) => {
    expect(parseSince(text, now).toISOString()).toBe(expected);
  });

  it('should explain what it accepts', () => {
    expect(() => parseSince('yesterday')).toThrow(/ISO 8601 time with a zone .* or a duration like 30m/);
  });
});
