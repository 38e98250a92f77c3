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

  it('should hold exactly the newest N distinct ids however many pass through', () => {
    const window = new DedupeWindow(1_000);
    for (let i = 0; i < 25_000; i++) window.add(`id-${i}`);
    const remembered = Array.from({ length: 25_000 }, (_, i) => window.has(`id-${i}`));
    expect(remembered.indexOf(true)).toBe(24_000);
    expect(remembered.slice(24_000).every(Boolean)).toBe(true);
  });

  it('should remember nothing with size 0, and take a fractional size as the whole ids it holds', () => {
    const none = new DedupeWindow(0);
    none.add('a');
    expect(none.has('a')).toBe(false);
    const two = new DedupeWindow(2.5);
    ['a', 'b', 'c'].forEach((id) => two.add(id));
    expect(['a', 'b', 'c'].map((id) => two.has(id))).toEqual([false, true, true]);
  });
});
