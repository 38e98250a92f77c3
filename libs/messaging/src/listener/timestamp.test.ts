import { describe, expect, it } from 'vitest';
import { BatchTimestamps, isoTimestamp } from './timestamp.js';

describe('isoTimestamp', () => {
  it('should turn epoch milliseconds into ISO 8601', () => {
    expect(isoTimestamp('1795574470222')).toBe('2026-11-25T02:41:10.222Z');
  });

  it('should give each timestamp of a batch its own text when the same ones come again and alternate', () => {
    const times = ['1795574470222', '1795574470222', '1795574470223', '1795574470222', 'x'];
    const batch = new BatchTimestamps();
    expect(times.map((time) => batch.iso(time))).toEqual([
      '2026-11-25T02:41:10.222Z',
      '2026-11-25T02:41:10.222Z',
      '2026-11-25T02:41:10.223Z',
      '2026-11-25T02:41:10.222Z',
      'x',
    ]);
  });

  it('should keep a timestamp no Date can hold as it was, instead of throwing', () => {
    expect(isoTimestamp('-8700000000000000')).toBe('-8700000000000000');
    expect(isoTimestamp('not-a-number')).toBe('not-a-number');
  });
});
