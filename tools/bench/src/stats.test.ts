import { describe, expect, it } from 'vitest';
import { measureInterleaved } from './stats.js';

describe('measureInterleaved', () => {
  it('should warm each contender up once, then take turns, and give each its own figure', async () => {
    const calls: string[] = [];
    let clock = 0;
    const contender = (name: string) => async () => {
      calls.push(name);
      return ++clock;
    };
    const figures = await measureInterleaved(2, { a: contender('a'), b: contender('b') });
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    // Warm-ups (1, 2) are not counted; then a got 3 and 5, b 4 and 6.
    expect(figures.a).toEqual({ median: 4, min: 3, max: 5, runs: [3, 5] });
    expect(figures.b).toEqual({ median: 5, min: 4, max: 6, runs: [4, 6] });
  });
});
