import { describe, expect, it } from 'vitest';
import { figuresOf, warmUp, type Run } from './http.js';
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

describe('figuresOf', () => {
  const result = { ok: 1_000, non2xx: 0, errors: 0, durationSeconds: 10, p99Ms: 20 };
  /** A run of 10 s whose CPUs went from `before` to `after` (busy and total ticks of CPU 0 and 1). */
  const run = (cpuSecondsUsed: number, before: [number, number][], after: [number, number][]): Run => ({
    result,
    cpuSecondsUsed,
    wallSeconds: 10,
    machine: {
      before: before.map(([busy, total]) => ({ busy, total })),
      after: after.map(([busy, total]) => ({ busy, total })),
    },
  });

  it("should give the app's share of a core and how busy each CPU was over its own runs, not the turns between them", () => {
    const figures = figuresOf(
      [
        run(
          9,
          [
            [0, 0],
            [0, 0],
          ],
          [
            [900, 1_000],
            [500, 1_000],
          ],
        ),
        // Between the two runs another app's turn kept both CPUs idle: it must not count.
        run(
          7,
          [
            [900, 5_000],
            [500, 5_000],
          ],
          [
            [1_600, 6_000],
            [800, 6_000],
          ],
        ),
      ],
      2,
    );
    expect(figures.cpuShare).toBeCloseTo(0.8);
    expect(figures.cpuBusyPercent).toEqual([80, 40]);
    expect(figures.cpuUsPerRequest).toBe(8_000);
  });

  it('should give no CPU busy figures when a run has no /proc/stat reading', () => {
    const { machine: _, ...withoutMachine } = run(9, [], []);
    expect(figuresOf([withoutMachine], 1).cpuBusyPercent).toBeUndefined();
  });
});
