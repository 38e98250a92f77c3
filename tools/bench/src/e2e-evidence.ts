// What each process went through during an end-to-end run, second by second: the evidence for
// where a latency tail comes from. order-api's /metrics gives its own time per accepted order
// (against the 202's time seen by the client), its longest event-loop delay (prom-client resets
// that histogram on every scrape), its GC time, and how long records waited for their
// acknowledgement beside how long produce requests took; this process (the listener's)
// measures its own event-loop delay; the broker's GC log gives its pauses; /proc/stat gives how
// busy each CPU was, which shows a core the run's processes saturated between them.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type Histogram } from 'node:perf_hooks';

export interface SecondSample {
  /** When it was taken (epoch ms): it covers the time since the sample before. */
  at: number;
  listenerLoopMaxMs: number;
  apiLoopMaxMs?: number;
  apiGcMs?: number;
  /** p99 of the records acknowledged in that time (upper bound of its histogram bucket). */
  apiProduceP99Ms?: number;
  /** p99 of the produce requests answered in that time (upper bound of its histogram bucket). */
  apiRequestP99Ms?: number;
  /** p99 of order-api's own time for the 202s it answered in that time, from reading the request to sending the answer. */
  apiServerP99Ms?: number;
  /** How busy each CPU was in that time, in % (by CPU number; none without /proc/stat). */
  cpuBusyPercent?: number[];
}

/**
 * Wall-clock ms with sub-ms precision, to place an instant among the broker's GC log and the
 * scrapes. A process fixes its time origin at start-up from two clock readings, off by as long
 * as it was preempted between them on a busy core: durations across processes use hostClockMs.
 */
export const epochMs = () => performance.timeOrigin + performance.now();
/** CLOCK_MONOTONIC in ms: one clock for every process on this machine, for durations across them. */
export const hostClockMs = () => Number(process.hrtime.bigint()) / 1e6;
const round2 = (value: number) => Math.round(value * 100) / 100;
/** The longest event-loop delay an enabled monitorEventLoopDelay histogram saw, in ms. */
export const longestDelayMs = (loop: Histogram) => round2(loop.max / 1e6);
const SCRAPE_TIMEOUT_MS = 5_000;
/** The series of order-api's request histogram that holds the orders it accepted. */
const ACCEPTED_ORDERS = { route: '/orders', method: 'POST', status_code: '202' };

type Buckets = Map<string, number>;

/** Cumulative bucket counts of a histogram's series with exactly these labels (besides `le`), by `le`. */
export function histogramBuckets(metrics: string, name: string, labels: Record<string, string> = {}): Buckets {
  const buckets: Buckets = new Map();
  const wanted = Object.entries(labels)
    .map(([label, value]) => `${label}="${value}"`)
    .sort()
    .join(',');
  for (const [, labelText, count] of metrics.matchAll(new RegExp(`^${name}_bucket\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const pairs = labelText!.split(',');
    const le = pairs.find((pair) => pair.startsWith('le='))?.slice(4, -1);
    const rest = pairs
      .filter((pair) => !pair.startsWith('le='))
      .sort()
      .join(',');
    if (le !== undefined && rest === wanted) buckets.set(le, Number(count));
  }
  return buckets;
}

/** The upper bound (ms) of the bucket holding the 99th percentile of what was observed between two scrapes. */
export function p99Between(before: Buckets, after: Buckets): number | undefined {
  const delta = (le: string) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const total = delta('+Inf');
  if (!(total > 0)) return undefined;
  const bounds = [...after.keys()].filter((le) => le !== '+Inf').sort((a, b) => Number(a) - Number(b));
  const bound = bounds.find((le) => delta(le) >= 0.99 * total);
  return bound === undefined ? Infinity : round2(Number(bound) * 1000);
}

/** Each CPU's time (in clock ticks) busy and in all, from the text of /proc/stat. */
export type CpuTimes = { busy: number; total: number }[];

export function parseCpuTimes(procStat: string): CpuTimes {
  return [...procStat.matchAll(/^cpu\d+ +(.*)$/gm)].map(([, fields]) => {
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields!.trim().split(/\s+/).map(Number);
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { busy: total - idle - iowait, total };
  });
}

/** How busy each CPU was between two readings, in whole %. */
export function busyPercentBetween(before: CpuTimes, after: CpuTimes): number[] {
  return after.map((now, cpu) => {
    const then = before[cpu] ?? { busy: 0, total: 0 };
    const total = now.total - then.total;
    return total > 0 ? Math.round((100 * (now.busy - then.busy)) / total) : 0;
  });
}

/** This machine's CPU times now; undefined where there is no /proc/stat. */
export function readCpuTimes(): CpuTimes | undefined {
  try {
    return parseCpuTimes(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

const gauge = (metrics: string, name: string) =>
  [...metrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, [, value]) => sum + Number(value), 0);

/** Once a second and once more at the end, one scrape after the other. */
export function sampleEachSecond(baseUrl: string): { stop(): Promise<SecondSample[]> } {
  const samples: SecondSample[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let last: { gcSeconds: number; produce: Buckets; requests: Buckets; served: Buckets } | undefined;
  let lastCpu = readCpuTimes();
  const tick = async () => {
    const at = epochMs();
    const sample: SecondSample = { at, listenerLoopMaxMs: longestDelayMs(loop) };
    loop.reset();
    const cpu = readCpuTimes();
    if (cpu && lastCpu) sample.cpuBusyPercent = busyPercentBetween(lastCpu, cpu);
    lastCpu = cpu;
    const metrics = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) })
      .then((response) => (response.ok ? response.text() : undefined))
      .catch(() => undefined);
    if (metrics !== undefined) {
      sample.apiLoopMaxMs = round2(gauge(metrics, 'nodejs_eventloop_lag_max_seconds') * 1000);
      const now = {
        gcSeconds: gauge(metrics, 'nodejs_gc_duration_seconds_sum'),
        produce: histogramBuckets(metrics, 'kafka_produce_duration_seconds'),
        requests: histogramBuckets(metrics, 'kafka_produce_request_duration_seconds'),
        served: histogramBuckets(metrics, 'http_request_duration_seconds', ACCEPTED_ORDERS),
      };
      if (last) {
        sample.apiGcMs = round2((now.gcSeconds - last.gcSeconds) * 1000);
        const produceP99 = p99Between(last.produce, now.produce);
        if (produceP99 !== undefined) sample.apiProduceP99Ms = produceP99;
        const requestP99 = p99Between(last.requests, now.requests);
        if (requestP99 !== undefined) sample.apiRequestP99Ms = requestP99;
        const servedP99 = p99Between(last.served, now.served);
        if (servedP99 !== undefined) sample.apiServerP99Ms = servedP99;
      }
      last = now;
    }
    samples.push(sample);
  };
  let stopped = false;
  const running = (async () => {
    for (let next = epochMs() + 1_000; !stopped; next += 1_000) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - epochMs())));
      if (!stopped) await tick();
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      await tick();
      loop.disable();
      return samples;
    },
  };
}

/** The broker's GC pauses from its log (`-Xlog:gc:...:time,uptime`): when each ended (epoch ms) and how long it took. */
export function brokerGcPauses(gcLogFile: string | undefined): { at: number; ms: number }[] {
  if (gcLogFile === undefined) return [];
  let text: string;
  try {
    text = readFileSync(gcLogFile, 'utf8');
  } catch {
    return [];
  }
  const pauses: { at: number; ms: number }[] = [];
  for (const [, time, pause] of text.matchAll(/^\[([^\]]+)\]\[[^\]]+\] GC\(\d+\) Pause .* ([\d.]+)ms$/gm)) {
    const at = Date.parse(time!.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (Number.isFinite(at)) pauses.push({ at, ms: Number(pause) });
  }
  return pauses;
}
