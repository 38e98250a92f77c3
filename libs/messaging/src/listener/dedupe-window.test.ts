import { describe, expect, it } from 'vitest';
import { DedupeWindow } from './dedupe-window.js';

describe('DedupeWindow', () => {
  it('should remember the last N ids and forget the oldest first', () => {
    const window = new DedupeWindow(2);
    window.add('a');
    window.add('b');
    window.add('a');
    window.add('c');
    expect(['a', 'b', 'c'].map((id) => window.has(id))).toEqual([true, false, true]);
  });

  it('should remember nothing with size 0', () => {
    const window = new DedupeWindow(0);
    window.add('a');
    expect(window.has('a')).toBe(false);
  });
});
