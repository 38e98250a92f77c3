import { describe, expect, it } from 'vitest';
import { warmUp } from './http.js';
import type { AutocannonResult } from './processes.js';

/** Fake runs answering 1,000 requests each, at the given CPU µs per request in turn. */
function runsCosting(...usPerRequest: number[]) {
  let calls = 0;
  const run = async () => {
    const us = usPerRequest[Math.min(calls++, usPerRequest.length - 1)]!;
    const result: AutocannonResult = { ok: 1_000, non2xx: 0, errors: 0, durationSeconds: 10, p99Ms: 20 };
    return { result, cpuSecondsUsed: (us * 1_000) / 1e6 };
  };
  return { run, calls: () => calls };
}

describe('warmUp', () => {
  it('should stop after the second run when it cost what the first did', async () => {
    const runs = runsCosting(130, 125);
    expect(await warmUp(runs.run, 5)).toBe(2);
  });

  it('should go on while the app is still warming up, until two runs in a row agree', async () => {
    const runs = runsCosting(376, 281, 133, 131, 500);
    expect(await warmUp(runs.run, 5)).toBe(4);
    expect(runs.calls()).toBe(4);
  });

  it('should stop at the maximum when the cost never settles', async () => {
    const runs = runsCosting(100, 200, 100, 200, 100, 200);
    expect(await warmUp(runs.run, 5)).toBe(5);
    expect(runs.calls()).toBe(5);
  });

  it('should run once when one run is the maximum', async () => {
    const runs = runsCosting(100, 100);
    expect(await warmUp(runs.run, 1)).toBe(1);
  });
});
