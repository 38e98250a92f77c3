import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokerGcPauses, busyPercentBetween, histogramBuckets, p99Between, parseCpuTimes } from './e2e-evidence.js';

const scrape = (counts: [string, number][]) =>
  [
    '# TYPE kafka_produce_duration_seconds histogram',
    ...counts.map(([le, count]) => `kafka_produce_duration_seconds_bucket{le="${le}"} ${count}`),
    'kafka_produce_duration_seconds_sum 1.5',
  ].join('\n');

describe('p99 between two scrapes of a histogram', () => {
  const before = histogramBuckets(
    scrape([
      ['0.005', 100],
      ['0.025', 100],
      ['0.1', 100],
      ['+Inf', 100],
    ]),
    'kafka_produce_duration_seconds',
  );

  it('should name the bucket that holds the 99th percentile of what was observed in between', () => {
    // 1,000 new records: 980 within 5 ms, 5 more within 25 ms, the last 15 within 100 ms.
    const after = histogramBuckets(
      scrape([
        ['0.005', 1080],
        ['0.025', 1085],
        ['0.1', 1100],
        ['+Inf', 1100],
      ]),
      'kafka_produce_duration_seconds',
    );
    expect(p99Between(before, after)).toBe(100);
  });

  it('should say nothing when nothing was observed, and infinity when the tail is past the last bound', () => {
    expect(p99Between(before, before)).toBeUndefined();
    const beyond = histogramBuckets(
      scrape([
        ['0.005', 100],
        ['0.025', 100],
        ['0.1', 100],
        ['+Inf', 200],
      ]),
      'kafka_produce_duration_seconds',
    );
    expect(p99Between(before, beyond)).toBe(Infinity);
  });
});

it("should read the broker's GC pauses with when they ended", () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gc-log-')), 'gc.log');
  writeFileSync(
    file,
    [
      '[2026-12-04T04:30:28.436+0000][1059.245s] GC(60) Pause Young (Normal) (G1 Evacuation Pause) 268M->192M(512M) 23.750ms',
      '[2026-12-04T04:30:29.000+0000][1059.800s] GC(61) Concurrent Mark Cycle',
      '[2026-12-04T04:30:31.760+0000][1062.570s] GC(62) Pause Remark 271M->192M(512M) 1.113ms',
    ].join('\n'),
  );
  expect(brokerGcPauses(file)).toEqual([
    { at: Date.parse('2026-12-04T04:30:28.436Z'), ms: 23.75 },
    { at: Date.parse('2026-12-04T04:30:31.760Z'), ms: 1.113 },
  ]);
  expect(brokerGcPauses(join(file, 'missing'))).toEqual([]);
});

it('should read the buckets of one labelled series of a histogram', () => {
  const metrics = [
    'http_request_duration_seconds_bucket{le="0.01",route="/orders",method="POST",status_code="202"} 7',
    'http_request_duration_seconds_bucket{le="+Inf",route="/orders",method="POST",status_code="202"} 9',
    'http_request_duration_seconds_bucket{le="0.01",route="/orders",method="POST",status_code="400"} 1',
    'http_request_duration_seconds_bucket{le="+Inf",route="/orders",method="POST",status_code="400"} 2',
  ].join('\n');
  const buckets = histogramBuckets(metrics, 'http_request_duration_seconds', { route: '/orders', method: 'POST', status_code: '202' });
  expect([...buckets]).toEqual([
    ['0.01', 7],
    ['+Inf', 9],
  ]);
});

describe('busyPercentBetween', () => {
  const procStat = (cpu0: string, cpu1: string) =>
    `cpu  9 9 9 9 9 9 9 9 0 0\ncpu0 ${cpu0} 0 0\ncpu1 ${cpu1} 0 0\nintr 12345 1 2\nctxt 999\n`;

  it('should give each CPU the share of its ticks not idle nor waiting for I/O', () => {
    const before = parseCpuTimes(procStat('100 0 50 1000 10 0 0 0', '200 0 100 500 0 0 0 0'));
    // cpu0: 30 user + 20 system + 40 idle + 10 iowait of 100 ticks; cpu1: 90 user + 5 softirq + 5 idle.
    const after = parseCpuTimes(procStat('130 0 70 1040 20 0 0 0', '290 0 100 505 0 0 5 0'));
    expect(busyPercentBetween(before, after)).toEqual([50, 95]);
  });

  it('should give 0 for a CPU whose ticks did not move', () => {
    const same = parseCpuTimes(procStat('1 0 0 1 0 0 0 0', '1 0 0 1 0 0 0 0'));
    expect(busyPercentBetween(same, same)).toEqual([0, 0]);
  });
});
