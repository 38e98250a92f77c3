// End to end: orders POSTed at a fixed rate to the real order-api; latency from the POST to
// the listener's handler (hdr-histogram), and the latency of the 202 itself.
import { createKafkaClient, orderIdForIdempotencyKey, silentLogger, TypedListener, type OrdersTopic } from '@tacocloud/messaging';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { ORDER } from './payload.js';
import * as hdr from 'hdr-histogram-js';
import { Agent, request as httpRequest } from 'node:http';

export interface EndToEnd {
  rate: number;
  seconds: number;
  sent: number;
  accepted: number;
  /** Requests sent after the warm-up and answered 202: the ones timed, and expected at the handler. */
  timed: number;
  /** Of those, how many reached the handler. */
  handled: number;
  /** Send slots the load generator missed by over 50 ms (it stalled) and left out rather than send in a burst. */
  skipped: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  acceptedP99Ms: number;
}

/** The first second warms connections and JIT; it is sent but not recorded. */
const WARM_UP_MS = 1_000;
/**
 * A slot missed by more than this (the generator itself stalled: GC, a busy core) is skipped:
 * sending every missed slot at once would be a burst the offered rate never asked for.
 */
const LATE_SLOT_MS = 50;

export async function endToEnd(
  baseUrl: string,
  brokers: string,
  topic: OrdersTopic,
  groupId: string,
  rate: number,
  seconds: number,
): Promise<EndToEnd> {
  const toHandler = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const to202 = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const sentAt = new Map<string, number>();
  let handled = 0;
  let recording = false;
  const listener = new TypedListener({
    kafka: createKafkaClient({ brokers: brokers.split(','), clientId: 'bench-e2e', logger: silentLogger }),
    topic,
    groupId,
    fromBeginning: false,
    handler: async (order) => {
      const start = sentAt.get(order.orderId);
      if (start === undefined) return;
      sentAt.delete(order.orderId);
      handled++;
      toHandler.recordValue(Math.max(1, Math.round((performance.now() - start) * 1000)));
    },
  });
  await listener.start();
  while (!listener.isReady) await new Promise((resolve) => setTimeout(resolve, 50));

  const body = JSON.stringify(SAMPLE_ORDER);
  // node:http with a keep-alive pool: a fraction of fetch's cost per request, so the load
  // generator never becomes what is measured.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(baseUrl);
  let sent = 0;
  let skipped = 0;
  let accepted = 0;
  let timed = 0;
  const inFlight = new Set<Promise<void>>();
  const post = (key: string) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const record = recording;
      if (record) sentAt.set(orderIdForIdempotencyKey(key, ORDER), started);
      const request = httpRequest(
        {
          agent,
          hostname,
          port,
          path: '/orders',
          method: 'POST',
          timeout: 30_000,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key },
        },
        (response) => {
          response.resume();
          response.once('end', () => {
            if (response.statusCode === 202) {
              accepted++;
              if (record) {
                timed++;
                to202.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
              }
            }
            resolve();
          });
        },
      );
      request.once('error', () => resolve());
      request.once('timeout', () => request.destroy());
      request.end(body);
    });
  const started = performance.now();
  const total = Math.round(rate * (seconds + WARM_UP_MS / 1000));
  // Paced by the clock, not by responses: a slow answer does not slow the offered rate.
  for (let slot = 0; slot < total; slot++) {
    const due = started + (slot * 1000) / rate;
    const wait = due - performance.now();
    if (wait < -LATE_SLOT_MS) {
      skipped++;
      continue;
    }
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    recording = performance.now() - started >= WARM_UP_MS;
    const request = post(`bench-${crypto.randomUUID()}`).finally(() => inFlight.delete(request));
    inFlight.add(request);
    sent++;
  }
  await Promise.all(inFlight);
  agent.destroy();
  const deadline = Date.now() + 30_000;
  while (sentAt.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await listener.stop();
  const ms = (micros: number) => Math.round(micros / 10) / 100;
  return {
    rate,
    seconds,
    sent,
    accepted,
    timed,
    handled,
    skipped,
    p50Ms: ms(toHandler.getValueAtPercentile(50)),
    p99Ms: ms(toHandler.getValueAtPercentile(99)),
    p999Ms: ms(toHandler.getValueAtPercentile(99.9)),
    acceptedP99Ms: ms(to202.getValueAtPercentile(99)),
  };
}
