// Throughput and p99 of POST /orders under autocannon, for any app that takes orders.
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { autocannon, cpuSeconds } from './processes.js';
import type { Scale } from './scale.js';
import { measure, type Figure } from './stats.js';

export interface HttpFigures {
  throughput: Figure;
  p99Ms: Figure;
  /**
   * The app's own CPU time per answered request over the measured runs, in µs, when its pid was
   * given: what each order costs whether or not the app was waiting on Kafka at the same time.
   */
  cpuUsPerRequest?: number;
}

export async function httpFigures(baseUrl: string, scale: Scale, runs: number, pid?: number): Promise<HttpFigures> {
  const p99s: number[] = [];
  let cpuSecondsUsed = 0;
  let answered = 0;
  const throughput = await measure(runs, async (run) => {
    const cpuBefore = pid === undefined ? 0 : cpuSeconds(pid);
    const result = await autocannon(`${baseUrl}/orders`, JSON.stringify(SAMPLE_ORDER), scale.httpConnections, scale.httpSeconds);
    if (run >= 0) {
      p99s.push(result.p99Ms);
      if (pid !== undefined) cpuSecondsUsed += cpuSeconds(pid) - cpuBefore;
      answered += result.ok + result.non2xx;
    }
    return result.ok / result.durationSeconds;
  });
  const sorted = [...p99s].sort((a, b) => a - b);
  return {
    throughput,
    p99Ms: { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)!, runs: p99s },
    ...(pid !== undefined && answered > 0 && { cpuUsPerRequest: Math.round((cpuSecondsUsed * 1e6) / answered) }),
  };
}
