// The benchmark harness at a tiny volume, on the test broker: every stage runs and the
// report has every field. No timing is asserted; speed is for `npm run bench`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runBench } from './bench.js';
import type { Report } from './report.js';
import { SCALES } from './scale.js';

/** A figure of runs; a latency may be 0 (autocannon gives whole ms, and bare Fastify answers in less). */
const isFigure = (f: unknown, least: 'positive' | 'zero' = 'positive') => {
  const { median, min, max, runs } = f as { median: number; min: number; max: number; runs: number[] };
  const atLeast = least === 'positive' ? median > 0 : min >= 0;
  return [median, min, max].every(Number.isFinite) && atLeast && min <= median && median <= max && runs.length > 0;
};

describe('npm run bench', () => {
  it('should run every stage and write a report with every figure, ratio and target', { timeout: 600_000 }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    await runBench({ scale: SCALES.tiny, brokers: inject('kafkaBrokers'), outDir, log: () => undefined });

    const report = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8')) as Report;
    const { producers: p, consumers: c } = report;
    for (const f of [
      p.producerPerformance,
      p.rawKafkajs,
      p.typedProducer,
      p.typedPrebuilt,
      p.orderApi.throughput,
      p.orderApiManyConnections.throughput,
      p.stubApi.throughput,
      p.stubManyConnections.throughput,
      p.bareFastify.throughput,
    ]) {
      expect(isFigure(f)).toBe(true);
    }
    for (const f of [
      p.orderApi.p99Ms,
      p.orderApiManyConnections.p99Ms,
      p.stubApi.p99Ms,
      p.stubManyConnections.p99Ms,
      p.bareFastify.p99Ms,
    ]) {
      expect(isFigure(f, 'zero')).toBe(true);
    }
    for (const f of [
      c.consumerPerformance,
      c.rawEachBatch,
      c.rawEachBatchJson,
      c.rawEachBatchValidated,
      c.rawEachBatchJsonListenerFetch,
      c.listener,
      c.listenerLowMemoryFetch,
      c.noopListenerProcess,
      c.listenerAtInfo,
      c.listenerAtWarn,
      c.listenerAtWarnLargerFetch,
    ])
      expect(isFigure(f)).toBe(true);
    expect(p.orderApi.cpuShare).toBeGreaterThan(0);
    for (const { warmUpRuns } of [p.orderApi, p.orderApiManyConnections, p.stubApi, p.stubManyConnections, p.bareFastify])
      expect(warmUpRuns).toBe(1);
    // CPU per order, from /proc in clock ticks: at the tiny scale a run may use less than one tick.
    for (const { cpuUsPerRequest } of [p.orderApi, p.stubApi, p.bareFastify, ...report.observability.variants.map((v) => v.figures)])
      expect(cpuUsPerRequest).toBeGreaterThanOrEqual(0);
    expect(report.observability.metricsCpuOnOverOff).toBeGreaterThanOrEqual(0);
    // Each app one order at a time at the rate of the end-to-end run at half capacity: every request answered.
    expect(p.oneAtATime?.rate).toBe(report.endToEndAtHalf.rate);
    for (const alone of [p.oneAtATime!.orderApi, p.oneAtATime!.stubApi, p.oneAtATime!.bareFastify]) {
      expect(alone.sent).toBeGreaterThan(0);
      expect(alone.answered).toBe(alone.sent);
      expect(alone.p99Ms).toBeGreaterThan(0);
    }
    for (const e2e of [report.endToEnd, report.endToEndAtHalf]) {
      expect(e2e.accepted).toBe(e2e.sent);
      expect(e2e.handled).toBe(e2e.timed);
      expect(e2e.timed).toBeGreaterThan(0);
      expect(e2e.maxInFlight).toBeGreaterThan(0);
      for (const key of ['p50Ms', 'p99Ms', 'p999Ms', 'acceptedP99Ms'] as const) expect(e2e[key]).toBeGreaterThan(0);
      // Each timed second, with order-api's event-loop delay scraped from its /metrics.
      expect(e2e.perSecond.reduce((sum, second) => sum + second.orders, 0)).toBe(e2e.timed);
      expect(e2e.perSecond.some((second) => second.apiLoopMaxMs !== undefined && second.loadLoopMaxMs !== undefined)).toBe(true);
      // And how busy each CPU was (Linux's /proc/stat, as on every machine this test runs on).
      expect(e2e.perSecond.some((second) => (second.cpuBusyPercent?.length ?? 0) > 0)).toBe(true);
      // CPU per order of each process (order-api's from /proc, in clock ticks; no broker of the bench's own here).
      expect(e2e.cpuUsPerOrder).toMatchObject({
        orderApi: expect.any(Number),
        listener: expect.any(Number),
        loadGenerator: expect.any(Number),
      });
      expect(e2e.cpuUsPerOrder!.listener).toBeGreaterThan(0);
      expect(e2e.cpuUsPerOrder!.loadGenerator).toBeGreaterThan(0);
      expect(e2e.cpuUsPerOrder!.broker).toBeUndefined();
    }
    expect(report.memory.orderApiPeakRssMb).toBeGreaterThan(10);
    expect(report.memory.listenerPeakRssMb).toBeGreaterThan(10);
    expect(report.memory.listenerFetch?.atWarn).toBeGreaterThan(10);
    expect(report.memory.listenerFetch?.largerFetch).toBeGreaterThan(10);
    expect(Object.keys(report.ratios).sort()).toEqual(
      [
        'listenerAtInfoOverNoop',
        'listenerAtInfoOverAtWarn',
        'listenerOverConsumerPerformance',
        'listenerOverRawEachBatch',
        'listenerOverRawEachBatchJson',
        'listenerOverRawEachBatchJsonListenerFetch',
        'listenerOverRawEachBatchValidated',
        'rawValidatedOverRawEachBatchJson',
        'orderApiOverStub',
        'orderApiOverStubManyConnections',
        'rawKafkajsOverPerfTest',
        'stubOverBareFastify',
        'typedOverRawKafkajs',
      ].sort(),
    );
    for (const value of Object.values(report.ratios)) expect(value).toBeGreaterThan(0);
    const peers = report.peers!;
    for (const contender of ['ours', 'spring', 'nestjs'] as const) {
      expect(isFigure(peers.http[contender].throughput)).toBe(true);
      expect(isFigure(peers.http[contender].p99Ms, 'zero')).toBe(true);
      expect(isFigure(peers.consumers[contender].throughput)).toBe(true);
      expect(peers.http[contender].peakRssMb).toBeGreaterThan(10);
      expect(peers.consumers[contender].peakRssMb).toBeGreaterThan(10);
    }
    for (const value of Object.values(peers.ratios)) expect(value).toBeGreaterThan(0);
    expect(report.observability.variants.map((v) => v.name)).toHaveLength(4);
    for (const { figures } of report.observability.variants) expect(isFigure(figures.throughput)).toBe(true);
    for (const key of ['metricsOnOverOff', 'tracingOnOverOff', 'exportingOverOff'] as const) {
      expect(report.observability[key]).toBeGreaterThan(0);
    }
    expect(report.targets).toHaveLength(17);
    expect(report.profile.packages.length).toBeGreaterThan(0);
    expect(report.versions).toMatchObject({ kafka: expect.any(String), kafkajs: '2.2.4', node: process.version });

    const markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
    for (const heading of [
      '## Producers',
      '## Consumers',
      '## End to end',
      '## Memory',
      '## What observability costs',
      '## Peers',
      '## Ratios',
      '## Targets',
      '## Where order-api',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('CPU per order over the run (warm-up included): order-api ');
    expect(markdown).toContain('One order at a time, each app warm and alone under the end-to-end load generator at ');
  });
});
