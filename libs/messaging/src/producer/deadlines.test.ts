import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from './deadlines.js';

describe('Deadlines', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  // Found by a hostile review: deadlines on the wall clock were stretched by a clock stepped back.
  it('add should expire an entry on time when the wall clock is stepped back meanwhile', () => {
    const deadlines = new Deadlines(1_000);
    const expired: string[] = [];
    deadlines.add(() => expired.push('a'));
    vi.advanceTimersByTime(500);
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(500);
    expect(expired).toEqual(['a']);
  });

  it('add should expire each unsettled entry at its own deadline, on one timer', () => {
    const deadlines = new Deadlines(1_000);
    const expired: string[] = [];
    deadlines.add(() => expired.push('a'));
    vi.advanceTimersByTime(300);
    const settled = deadlines.add(() => expired.push('b'));
    vi.advanceTimersByTime(200);
    deadlines.add(() => expired.push('c'));
    expect(vi.getTimerCount()).toBe(1);
    deadlines.settle(settled);
    vi.advanceTimersByTime(499);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(499);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'c']);
  });

  it('settle should keep an entry from ever expiring', () => {
    const deadlines = new Deadlines(1_000);
    const expire = vi.fn();
    const entries = Array.from({ length: 5_000 }, () => deadlines.add(expire));
    for (const entry of entries) deadlines.settle(entry);
    vi.advanceTimersByTime(5_000);
    expect(expire).not.toHaveBeenCalled();
  });

  // A callback holds its send's record and promise: kept after settling, it was promoted to V8's old generation.
  it('settle and expiry should let go of the callback', () => {
    const deadlines = new Deadlines(1_000);
    const settled = deadlines.add(() => undefined);
    const expired = deadlines.add(() => undefined);
    deadlines.settle(settled);
    expect(settled.expire).toBeUndefined();
    vi.advanceTimersByTime(1_000);
    expect(expired.expire).toBeUndefined();
  });
});
