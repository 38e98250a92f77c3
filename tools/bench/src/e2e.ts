// End to end: orders POSTed at a fixed rate to the real order-api by a load generator in its own
// pinned process (e2e-load.ts); latency from the POST to the listener's handler in this process
// (hdr-histogram), the latency of the 202 itself, and per second of the run the p99s beside the
// evidence for where a tail comes from (e2e-evidence.ts).
import { createKafkaClient, silentLogger, TypedListener, type OrdersTopic } from '@tacocloud/messaging';
import { waitFor } from '@tacocloud/messaging/testing';
import * as hdr from 'hdr-histogram-js';
import { brokerGcPauses, hostClockMs, sampleEachSecond } from './e2e-evidence.js';
import type { LoadResult } from './e2e-load.js';
import { runLoadGenerator } from './load-generator.js';
import { cpuSeconds } from './processes.js';

/** One second of the run, by when the orders were sent. */
export interface EndToEndSecond {
  second: number;
  orders: number;
  p99Ms: number;
  acceptedP99Ms: number;
  /** order-api's longest event-loop delay and its GC time in that second (its /metrics). */
  apiLoopMaxMs?: number;
  apiGcMs?: number;
  /** order-api's p99 from a record handed over to its acknowledgement, and of its produce requests. */
  apiProduceP99Ms?: number;
  apiRequestP99Ms?: number;
  /** order-api's own p99 for the 202s it answered (its http_request_duration_seconds). */
  apiServerP99Ms?: number;
  /** The broker's longest GC pause ending in that second (when the bench started the broker). */
  brokerGcMaxMs?: number;
  /** The listener's process (this one) and the load generator's longest event-loop delay. */
  listenerLoopMaxMs?: number;
  loadLoopMaxMs?: number;
  /** How busy each CPU was in that second, in % (by CPU number). */
  cpuBusyPercent?: number[];
}

/** CPU time each process used per order sent, over the whole run (warm-up included), in µs. */
export interface CpuPerOrder {
  orderApi: number;
  /** When the bench started the broker. */
  broker?: number;
  /** This process: the listener, and the scrapes of order-api's /metrics each second. */
  listener: number;
  loadGenerator: number;
}

/** The processes an end-to-end run measures the CPU time of, besides its own and the generator's. */
export interface EndToEndPids {
  orderApi: number;
  broker?: number;
}

export interface EndToEnd {
  rate: number;
  seconds: number;
  warmUpSeconds: number;
  sent: number;
  accepted: number;
  /** Requests sent after the warm-up and answered 202: the ones timed, and expected at the handler. */
  timed: number;
  /** Of those, how many reached the handler. */
  handled: number;
  /** Send slots the load generator missed by over 50 ms (it stalled) and left out rather than send in a burst. */
  skipped: number;
  /** The most requests the generator had awaiting their answer at once. */
  maxInFlight: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  acceptedP99Ms: number;
  /** Absent from reports written before session 18. */
  cpuUsPerOrder?: CpuPerOrder;
  perSecond: EndToEndSecond[];
}

const histogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
const micros = (ms: number) => Math.max(1, Math.round(ms * 1000));
const ms = (value: number) => Math.round(value / 10) / 100;

export async function endToEnd(
  baseUrl: string,
  brokers: string,
  topic: OrdersTopic,
  groupId: string,
  rate: number,
  seconds: number,
  warmUpSeconds: number,
  pids: EndToEndPids,
  /** The broker's GC log, when the bench started the broker. */
  brokerGcLog?: string,
): Promise<EndToEnd> {
  const handledAt = new Map<string, number>();
  const listener = new TypedListener({
    kafka: createKafkaClient({ brokers: brokers.split(','), clientId: 'bench-e2e', logger: silentLogger }),
    topic,
    groupId,
    fromBeginning: false,
    handler: async (order) => void handledAt.set(order.orderId, hostClockMs()),
  });
  await listener.start();
  await waitFor(() => listener.isReady, { timeoutMs: 60_000, intervalMs: 50, message: 'the e2e listener to join its group' });

  const samples = sampleEachSecond(baseUrl);
  let load: LoadResult;
  const cpuBefore = { orderApi: cpuSeconds(pids.orderApi), broker: pids.broker && cpuSeconds(pids.broker), listener: process.cpuUsage() };
  let cpuUsed: Omit<CpuPerOrder, 'loadGenerator'>;
  try {
    load = await runLoadGenerator(baseUrl, rate, seconds, warmUpSeconds);
    const listenerCpu = process.cpuUsage(cpuBefore.listener);
    cpuUsed = {
      orderApi: (cpuSeconds(pids.orderApi) - cpuBefore.orderApi) * 1e6,
      ...(pids.broker && cpuBefore.broker !== undefined && { broker: (cpuSeconds(pids.broker) - cpuBefore.broker) * 1e6 }),
      listener: listenerCpu.user + listenerCpu.system,
    };
    // Every order answered 202 reaches the handler, or the report says how many did not.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && load.timed.some(([orderId]) => !handledAt.has(orderId))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await listener.stop();
  }
  const perSecondSamples = await samples.stop();

  const toHandler = histogram();
  const to202 = histogram();
  const bySecond = new Map<number, { toHandler: hdr.Histogram; to202: hdr.Histogram; orders: number }>();
  const runStart = load.timed.reduce((first, [, sentAt]) => Math.min(first, sentAt), Infinity);
  let handled = 0;
  for (const [orderId, sentAt, acceptedMs, sentOnHost] of load.timed) {
    const second = Math.floor((sentAt - runStart) / 1000);
    const bucket = bySecond.get(second) ?? { toHandler: histogram(), to202: histogram(), orders: 0 };
    bySecond.set(second, bucket);
    bucket.orders++;
    to202.recordValue(micros(acceptedMs));
    bucket.to202.recordValue(micros(acceptedMs));
    const at = handledAt.get(orderId);
    if (at === undefined) continue;
    handled++;
    toHandler.recordValue(micros(at - sentOnHost));
    bucket.toHandler.recordValue(micros(at - sentOnHost));
  }
  // The generator's seconds count from its start, warm-up included; its last entry is the tail end.
  const gcPauses = brokerGcPauses(brokerGcLog);
  const brokerGcAt = (second: number) => {
    const from = runStart + second * 1000;
    const inSecond = gcPauses.filter(({ at }) => at >= from && at < from + 1000).map((pause) => pause.ms);
    return brokerGcLog === undefined ? undefined : Math.max(0, ...inSecond);
  };
  const loadLoopAt = (second: number) => load.loopMaxMs[Math.min(second + warmUpSeconds, load.loopMaxMs.length - 1)];
  const perSecond = [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, bucket]): EndToEndSecond => {
      // A scrape reports the longest delay since the one before: the first at or after the second's end covers it.
      const sample = perSecondSamples.find((s) => s.at >= runStart + (second + 1) * 1000);
      const loadLoopMaxMs = loadLoopAt(second);
      return {
        second,
        orders: bucket.orders,
        p99Ms: ms(bucket.toHandler.getValueAtPercentile(99)),
        acceptedP99Ms: ms(bucket.to202.getValueAtPercentile(99)),
        ...(sample && {
          apiLoopMaxMs: sample.apiLoopMaxMs,
          apiGcMs: sample.apiGcMs,
          apiProduceP99Ms: sample.apiProduceP99Ms,
          apiRequestP99Ms: sample.apiRequestP99Ms,
          apiServerP99Ms: sample.apiServerP99Ms,
          listenerLoopMaxMs: sample.listenerLoopMaxMs,
          ...(sample.cpuBusyPercent && { cpuBusyPercent: sample.cpuBusyPercent }),
        }),
        ...(brokerGcAt(second) !== undefined && { brokerGcMaxMs: brokerGcAt(second) }),
        ...(loadLoopMaxMs !== undefined && { loadLoopMaxMs }),
      };
    });
  const perOrder = (us: number) => Math.round(us / Math.max(1, load.sent));
  const cpuUsPerOrder: CpuPerOrder = {
    orderApi: perOrder(cpuUsed.orderApi),
    ...(cpuUsed.broker !== undefined && { broker: perOrder(cpuUsed.broker) }),
    listener: perOrder(cpuUsed.listener),
    loadGenerator: perOrder(load.cpuUs),
  };
  return {
    rate,
    seconds,
    warmUpSeconds,
    sent: load.sent,
    accepted: load.accepted,
    timed: load.timed.length,
    handled,
    skipped: load.skipped,
    maxInFlight: load.maxInFlight,
    p50Ms: ms(toHandler.getValueAtPercentile(50)),
    p99Ms: ms(toHandler.getValueAtPercentile(99)),
    p999Ms: ms(toHandler.getValueAtPercentile(99.9)),
    acceptedP99Ms: ms(to202.getValueAtPercentile(99)),
    cpuUsPerOrder,
    perSecond,
  };
}
