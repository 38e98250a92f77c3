import { describe, expect, it } from 'vitest';
import { IsoTimestamps, isoTimestamp } from './timestamps.js';

describe('isoTimestamp', () => {
  it('should turn epoch milliseconds into ISO 8601', () => {
    expect(isoTimestamp('1795574470222')).toBe('2026-11-25T02:41:10.222Z');
  });

  it('should give each timestamp of a batch its own text when the same ones come again and alternate', () => {
    const times = ['1795574470222', '1795574470222', '1795574470223', '1795574470222', 'x'];
    const batch = new IsoTimestamps();
    expect(times.map((time) => batch.iso(time))).toEqual([
      '2026-11-25T02:41:10.222Z',
      '2026-11-25T02:41:10.222Z',
      '2026-11-25T02:41:10.223Z',
      '2026-11-25T02:41:10.222Z',
      'x',
    ]);
  });

  it('should format a batch of any timestamps exactly as each one alone, across seconds, the epoch and the ends of Date', () => {
    // Seeded, so every run checks the same values.
    let seed = 0x5eed;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const edges = [
      '0',
      '-0',
      '-1',
      '999',
      '1000',
      '-1000',
      '-1001',
      '8640000000000000',
      '8640000000000001',
      '-8640000000000000',
      '-8640000000000001',
    ];
    const times: string[] = [...edges, '999', '12.5', '-0.5', '1e3', '8640000000000000', '8640000000000000.5', '8640000000000001'];
    let at = 1_795_574_470_222;
    for (let i = 0; i < 5_000; i++) {
      const step = random() < 0.9 ? Math.floor(random() * 400) : Math.floor((random() - 0.5) * 4e6);
      at += step;
      times.push(String(at));
      if (random() < 0.02) times.push(edges[Math.floor(random() * edges.length)]!);
      if (random() < 0.01) times.push('x', '', '1e3', '12.5');
    }
    const batch = new IsoTimestamps();
    expect(times.map((time) => batch.iso(time))).toEqual(times.map(isoTimestamp));
  });

  it('should keep a timestamp no Date can hold as it was, instead of throwing', () => {
    expect(isoTimestamp('-8700000000000000')).toBe('-8700000000000000');
    expect(isoTimestamp('not-a-number')).toBe('not-a-number');
  });
});
