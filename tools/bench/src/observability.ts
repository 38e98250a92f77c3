// What order-api's observability costs: its throughput with metrics and tracing each on or off,
// one after another on the same topic and broker, in the same run. The goal (issue 13): metrics
// on costs under 5 % against metrics off, and what tracing costs is reported, with spans made
// only for log lines (the default) and with spans exported over OTLP/HTTP to a local sink.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpFigures, type HttpFigures } from './http.js';
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
    const measured: ObservabilityVariant[] = [];
    for (const { name, env } of variants) {
      const api = await startOrderApi(env);
      try {
        measured.push({ name, figures: await httpFigures(api.baseUrl, scale, runs) });
      } finally {
        await api.process.stop('SIGTERM');
      }
    }
    const median = (index: number) => measured[index]!.figures.throughput.median;
    return {
      variants: measured,
      metricsOnOverOff: median(1) / median(0),
      tracingOnOverOff: median(2) / median(1),
      exportingOverOff: median(3) / median(1),
    };
  } finally {
    await sink.close();
  }
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

export function renderObservability({ variants, metricsOnOverOff, tracingOnOverOff, exportingOverOff }: ObservabilityCost): string {
  const rows = variants.map(
    ({ name, figures: { throughput, p99Ms } }) =>
      `| ${name} | ${Math.round(throughput.median).toLocaleString('en-US')} | ${Math.round(throughput.min).toLocaleString('en-US')} | ${Math.round(throughput.max).toLocaleString('en-US')} | ${p99Ms.median} |`,
  );
  return `## What observability costs order-api

order-api under the same autocannon load, started anew for each line, on the same topic.

| order-api with | orders/s median | min | max | p99 ms |
| --- | ---: | ---: | ---: | ---: |
${rows.join('\n')}

| ratio | value |
| --- | ---: |
| metrics on / metrics off (tracing off) | ${metricsOnOverOff.toFixed(2)} |
| tracing on / tracing off (metrics on) | ${tracingOnOverOff.toFixed(2)} |
| tracing exported / tracing off (metrics on) | ${exportingOverOff.toFixed(2)} |

`;
}
