// Throughput and p99 of POST /orders under autocannon, for any app that takes orders.
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { autocannon } from './processes.js';
import type { Scale } from './scale.js';
import { measure, type Figure } from './stats.js';

export interface HttpFigures {
  throughput: Figure;
  p99Ms: Figure;
}

export async function httpFigures(baseUrl: string, scale: Scale, runs: number): Promise<HttpFigures> {
  const p99s: number[] = [];
  const throughput = await measure(runs, async (run) => {
    const result = await autocannon(`${baseUrl}/orders`, JSON.stringify(SAMPLE_ORDER), scale.httpConnections, scale.httpSeconds);
    if (run >= 0) p99s.push(result.p99Ms);
    return result.ok / result.durationSeconds;
  });
  const sorted = [...p99s].sort((a, b) => a - b);
  return { throughput, p99Ms: { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)!, runs: p99s } };
}
