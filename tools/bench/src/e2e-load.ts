// The end-to-end load generator, in a process of its own pinned to the load CPU, so its work
// and its pauses are neither the listener's nor order-api's: POSTs the sample order at a fixed
// rate, paced by the clock, and writes what it sent (order id, when, how long the 202 took) and
// its own event-loop delay per second to the JSON file named by E2E_OUT.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { orderIdForIdempotencyKey } from '@tacocloud/messaging';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { epochMs, hostClockMs, longestDelayMs } from './e2e-evidence.js';
import { ORDER } from './payload.js';
import { KeepAliveConnections, postHead } from './raw-http.js';

export interface LoadResult {
  sent: number;
  accepted: number;
  skipped: number;
  /**
   * Requests sent after the warm-up and answered 202: [order id, sent at (epoch ms), ms to the
   * 202, sent at on the host's clock (hostClockMs), which the listener's process reads too].
   */
  timed: [string, number, number, number][];
  /** The generator's own longest event-loop delay in each second of the run and in the tail end after it, in ms. */
  loopMaxMs: number[];
  /** The most requests awaiting their answer at once (each on a connection of its own). */
  maxInFlight: number;
  /** CPU time this process used from the first request to the last answer (its start-up excluded), in µs. */
  cpuUs: number;
  /** Wall time from the first request to the last answer, in ms: longer than the run when answers lagged. */
  wallMs: number;
}

/**
 * A slot missed by more than this (the generator itself stalled: GC, a busy core) is skipped:
 * sending every missed slot at once would be a burst the offered rate never asked for.
 */
const LATE_SLOT_MS = 50;
/** The keys' order ids need none (see `run`); one that did would not match order-api's. */
const NO_SECRET = new Uint8Array(0);
/** Every request settles: an answer, an error, or this long without a byte from order-api. */
const REQUEST_TIMEOUT_MS = 30_000;

async function run(baseUrl: string, rate: number, seconds: number, warmUpSeconds: number): Promise<LoadResult> {
  const body = JSON.stringify(SAMPLE_ORDER);
  const url = new URL(baseUrl);
  // No cap on connections: orders come from many clients, each with a connection of its own.
  // With 64, once order-api took over 32 ms an order (64 / 2,000 per second), later orders
  // queued here for a socket: a full run saw 202s with a p99 of 300 ms in seconds where
  // order-api's own p99 was at most 100 ms.
  const connections = new KeepAliveConnections(url, REQUEST_TIMEOUT_MS);
  const head = postHead(url, '/orders', { 'content-type': 'application/json' }, body);
  const result: LoadResult = { sent: 0, accepted: 0, skipped: 0, timed: [], loopMaxMs: [], maxInFlight: 0, cpuUs: 0, wallMs: 0 };
  /** Like `timed`, by idempotency key: the order ids are derived once the run is over. */
  const timedByKey: [string, number, number, number][] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const sampler = setInterval(() => {
    result.loopMaxMs.push(longestDelayMs(loop));
    loop.reset();
  }, 1_000);
  const inFlight = new Set<Promise<void>>();
  const post = async (key: string, record: boolean) => {
    const sentAt = epochMs();
    const sentOnHost = hostClockMs();
    const status = await connections.send(`${head}idempotency-key: ${key}\r\n\r\n${body}`);
    if (status !== 202) return;
    result.accepted++;
    if (record) timedByKey.push([key, sentAt, hostClockMs() - sentOnHost, sentOnHost]);
  };
  // Keys of letters (a random UUID, its digits written as g to p) and a count: too few digits to
  // pass for a card number, so their order ids are the public derivation this process can repeat
  // (orderIdForIdempotencyKey), and new in every run, so that no order of one run is a retry of
  // another's.
  const run = crypto
    .randomUUID()
    .replaceAll('-', '')
    .replace(/[0-9]/g, (digit) => String.fromCharCode(0x67 + Number(digit)));
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  const total = Math.round(rate * (seconds + warmUpSeconds));
  // Paced by the clock, not by responses: a slow answer does not slow the offered rate.
  for (let slot = 0; slot < total; slot++) {
    const due = started + (slot * 1000) / rate;
    const wait = due - performance.now();
    if (wait < -LATE_SLOT_MS) {
      result.skipped++;
      continue;
    }
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = post(`bench-${run}-${slot}`, performance.now() - started >= warmUpSeconds * 1000).finally(() =>
      inFlight.delete(request),
    );
    inFlight.add(request);
    result.maxInFlight = Math.max(result.maxInFlight, inFlight.size);
    result.sent++;
  }
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpuAtStart);
  result.cpuUs = cpu.user + cpu.system;
  result.wallMs = performance.now() - started;
  clearInterval(sampler);
  // The tail end since the last full second, so every second of the run has an entry.
  result.loopMaxMs.push(longestDelayMs(loop));
  loop.disable();
  connections.close();
  result.timed = timedByKey.map(([key, ...times]) => [orderIdForIdempotencyKey(key, ORDER, NO_SECRET), ...times]);
  return result;
}

const [baseUrl, rate, seconds, warmUp, out] = ['E2E_BASE_URL', 'E2E_RATE', 'E2E_SECONDS', 'E2E_WARM_UP_SECONDS', 'E2E_OUT'].map(
  (name) => process.env[name],
);
if (!baseUrl || !rate || !seconds || !warmUp || !out) {
  console.error('e2e-load: set E2E_BASE_URL, E2E_RATE, E2E_SECONDS, E2E_WARM_UP_SECONDS and E2E_OUT');
  process.exit(2);
}
writeFileSync(out, JSON.stringify(await run(baseUrl, Number(rate), Number(seconds), Number(warmUp))));
