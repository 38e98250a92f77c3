// One fault scenario on a 3-broker cluster, the way Kafka's system tests and Jepsen do it:
// a steady load of orders through order-api, a fault (and a listener replica SIGKILLed
// during it), healing, a drain, then a checker that compares every order id answered 202
// with the ids the listener replicas handled.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningCluster } from '@tacocloud/kafka-tools';
import { uniqueName, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { handledOrderIds, startListener, startOrderApi } from './apps.js';
import type { Fault } from './faults.js';
import { startOrderLoad, type Answer } from './order-load.js';

export interface ScenarioResult {
  name: string;
  sent: number;
  accepted: number;
  unavailable: number;
  other: number;
  handled: number;
  lost: number;
  duplicates: number;
  /** Seconds from the fault to the first 202 for a request sent after it. */
  firstAcceptedAfterFault: number;
  /** The longest stretch, in seconds, in which no request got a 202. */
  longestGapWithout202: number;
  /** Whether the fault left the cluster unable to take writes for a while. */
  hadOutage: boolean;
  /** 202s answered while the cluster could not take writes: must be 0. */
  acceptedWhileUnwritable: number;
}

const RATE = 50;
/** The listener replica dies a few seconds into the fault, while its partitions are busy. */
const LISTENER_KILL_AFTER_MS = 5_000;

export async function runScenario(fault: Fault, cluster: RunningCluster, processes: RunningProcess[]): Promise<ScenarioResult> {
  const env = {
    APP_PROFILE: 'prod',
    KAFKA_BROKERS: cluster.bootstrap,
    ORDERS_TOPIC: uniqueName('orders'),
    ORDER_LISTENER_GROUP: uniqueName('kitchen'),
  };
  const api = await startOrderApi(env);
  processes.push(api);
  const listeners = await Promise.all([1, 2, 3].map(() => startListener(env)));
  processes.push(...listeners);

  const load = startOrderLoad({ baseUrl: api.baseUrl, ratePerSecond: RATE });
  await waitFor(() => load.result.accepted.size >= 100, { timeoutMs: 60_000, message: '100 orders accepted before the fault' });
  const unwritable: [number, number][] = [];
  const faultAt = Date.now();
  const killListener = sleep(LISTENER_KILL_AFTER_MS).then(() => listeners[0]?.child.kill('SIGKILL'));
  await fault.inject({ cluster, topic: env.ORDERS_TOPIC, noWritesBetween: (from, until) => unwritable.push([from, until]) });
  await killListener;
  const healedAt = Date.now();
  await waitFor(() => load.acceptedSince(healedAt) >= 100, { timeoutMs: 120_000, message: '100 orders accepted after healing' });
  // A few more seconds of load after healing: the steady state is part of what is checked.
  await sleep(2_000);
  const result = await load.stop();

  const accepted = [...result.accepted.values()];
  const handledNow = () => new Set(listeners.flatMap(handledOrderIds));
  // A timeout here is not an error of its own: the checker below counts what is missing.
  await waitFor(
    () => {
      const handled = handledNow();
      return accepted.every((answer) => handled.has(answer.orderId!));
    },
    { timeoutMs: 120_000, intervalMs: 500, message: 'every accepted order to be handled' },
  ).catch(() => undefined);
  const deliveries = listeners.flatMap(handledOrderIds);
  const handled = new Set(deliveries);
  const unavailable = result.statuses.get(503) ?? 0;
  await Promise.all([api, ...listeners].map((p) => p.stop('SIGTERM')));
  const firstAfter = Math.min(...accepted.filter((a) => a.sentAt >= faultAt).map((a) => a.answeredAt));
  return {
    name: fault.name,
    sent: result.sent,
    accepted: accepted.length,
    unavailable,
    other: result.sent - accepted.length - unavailable,
    handled: handled.size,
    lost: accepted.filter((answer) => !handled.has(answer.orderId!)).length,
    duplicates: deliveries.length - handled.size,
    firstAcceptedAfterFault: seconds(firstAfter - faultAt),
    longestGapWithout202: seconds(longestGap(accepted, faultAt, healedAt)),
    hadOutage: unwritable.length > 0,
    // A request sent during the outage may rightly get its 202 once brokers are back, not before.
    acceptedWhileUnwritable: accepted.filter((a) => unwritable.some(([from, until]) => a.answeredAt >= from && a.answeredAt <= until)).length,
  };
}

/** The longest time between two consecutive 202s from the fault until healing. */
function longestGap(accepted: Answer[], from: number, until: number): number {
  const times = [from, ...accepted.map((a) => a.answeredAt).filter((at) => at > from && at < until), until].sort((a, b) => a - b);
  return Math.max(...times.slice(1).map((at, i) => at - times[i]!));
}

const seconds = (ms: number) => (Number.isFinite(ms) ? Math.round(ms / 100) / 10 : Number.NaN);

export function formatResults(results: ScenarioResult[]): string {
  return [
    '| scenario (+ a listener replica SIGKILLed 5 s in) | sent | 202 | 503 | other | handled | lost | duplicates | first 202 after the fault | longest gap without a 202 | 202 answered while unwritable |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.sent} | ${r.accepted} | ${r.unavailable} | ${r.other} | ${r.handled} | ${r.lost} | ${r.duplicates} | ${r.firstAcceptedAfterFault} s | ${r.longestGapWithout202} s | ${r.acceptedWhileUnwritable} |`,
    ),
  ].join('\n');
}
