// What order-api's observability costs: its throughput with metrics and tracing each on or off,
// one order-api for each, taking turns run by run on the same topic and broker, in the same run. The goal (issue 13): metrics
// on costs under 5 % against metrics off, and what tracing costs is reported, with spans made
// only for log lines (the default) and with spans exported over OTLP/HTTP to a local sink.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpFiguresInterleaved, type HttpFigures } from './http.js';
import type { AppUnderTest } from './processes.js';
import type { Scale } from './scale.js';

export interface ObservabilityVariant {
  name: string;
  figures: HttpFigures;
}

export interface ObservabilityCost {
  variants: ObservabilityVariant[];
  /** Throughput ratios, medians: metrics on / off, tracing on / off, exporting / off (metrics on in both). */
  metricsOnOverOff: number;
  tracingOnOverOff: number;
  exportingOverOff: number;
  /** CPU per order, metrics on / off (tracing off): above 1, metrics cost that share more CPU. */
  metricsCpuOnOverOff: number;
}

export async function observabilityCost(
  startOrderApi: (env: NodeJS.ProcessEnv) => Promise<AppUnderTest>,
  scale: Scale,
  runs: number,
): Promise<ObservabilityCost> {
  const sink = await startOtlpSink();
  try {
    const variants = [
      { name: 'metrics off, tracing off', env: { METRICS_ENABLED: 'false', OTEL_SDK_DISABLED: 'true' } },
      { name: 'metrics on, tracing off', env: { OTEL_SDK_DISABLED: 'true' } },
      { name: 'metrics on, tracing on (default: spans that record nothing name log lines)', env: {} },
      { name: 'metrics on, tracing exported over OTLP/HTTP', env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } },
    ];
    const apps: AppUnderTest[] = [];
    let measured: ObservabilityVariant[];
    try {
      for (const { env } of variants) apps.push(await startOrderApi(env));
      const figures = await httpFiguresInterleaved(
        apps.map((app) => ({ baseUrl: app.baseUrl, pid: app.process.child.pid! })),
        scale,
        runs,
      );
      measured = variants.map(({ name }, index) => ({ name, figures: figures[index]! }));
    } finally {
      for (const app of apps) await app.process.stop('SIGTERM');
    }
    const median = (index: number) => measured[index]!.figures.throughput.median;
    return {
      variants: measured,
      metricsOnOverOff: median(1) / median(0),
      tracingOnOverOff: median(2) / median(1),
      exportingOverOff: median(3) / median(1),
      metricsCpuOnOverOff: cpuRatio(measured[1]!.figures, measured[0]!.figures),
    };
  } finally {
    await sink.close();
  }
}

/** 0 when the baseline used no measurable CPU (under a clock tick, at the tiny scale). */
function cpuRatio(numerator: HttpFigures, denominator: HttpFigures): number {
  const below = denominator.cpuUsPerRequest ?? 0;
  return below > 0 ? (numerator.cpuUsPerRequest ?? 0) / below : 0;
}

/** Accepts OTLP/HTTP exports and drops them, as a collector would after receiving. */
async function startOtlpSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function renderObservability({
  variants,
  metricsOnOverOff,
  tracingOnOverOff,
  exportingOverOff,
  metricsCpuOnOverOff,
}: ObservabilityCost): string {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  const rows = variants.map(
    ({ name, figures: { throughput, p99Ms, cpuUsPerRequest, warmUpRuns } }) =>
      `| ${name} | ${n(throughput.median)} | ${n(throughput.min)} | ${n(throughput.max)} | ${p99Ms.median} | ${cpuUsPerRequest ?? '-'} | ${warmUpRuns} |`,
  );
  return `## What observability costs order-api

order-api under the same autocannon load, one process for each line on the same topic, all started
together and, once each warmed up, taking turns run by run. Its CPU time per order (over the measured
runs, from \`/proc\`) is the steadier measure where order-api waits on Kafka part of the time.

| order-api with | orders/s median | min | max | p99 ms | CPU µs per order | warm-up runs |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

| ratio | value |
| --- | ---: |
| metrics on / metrics off (tracing off) | ${metricsOnOverOff.toFixed(2)} |
| tracing on / tracing off (metrics on) | ${tracingOnOverOff.toFixed(2)} |
| tracing exported / tracing off (metrics on) | ${exportingOverOff.toFixed(2)} |
| CPU per order, metrics on / metrics off (tracing off) | ${metricsCpuOnOverOff.toFixed(2)} |

`;
}
