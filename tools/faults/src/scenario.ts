// One fault scenario on a 3-broker cluster, the way Kafka's system tests and Jepsen do it:
// a steady load of orders through order-api, a fault, healing, a drain, then a checker that
// compares every order id answered 202 with the ids the listener replicas handled.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningCluster } from '@tacocloud/kafka-tools';
import { uniqueName, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { handledOrderIds, startListener, startOrderApi } from './apps.js';
import { startOrderLoad } from './order-load.js';

export interface ScenarioContext {
  cluster: RunningCluster;
  topic: string;
  listeners: RunningProcess[];
}

export interface ScenarioResult {
  name: string;
  sent: number;
  accepted: number;
  unavailable: number;
  other: number;
  handled: number;
  lost: number;
  duplicates: number;
  /** Seconds from the fault to the first 202 after it. */
  recoverySeconds: number;
}

const RATE = 50;

export async function runScenario(
  name: string,
  cluster: RunningCluster,
  inject: (ctx: ScenarioContext) => Promise<void>,
  processes: RunningProcess[],
): Promise<ScenarioResult> {
  const env = {
    APP_PROFILE: 'prod',
    KAFKA_BROKERS: cluster.bootstrap,
    ORDERS_TOPIC: uniqueName('orders'),
    ORDER_LISTENER_GROUP: uniqueName('kitchen'),
    ORDER_SEND_TIMEOUT_MS: '5000',
  };
  const api = await startOrderApi(env);
  processes.push(api);
  const listeners = await Promise.all([1, 2, 3].map(() => startListener(env)));
  processes.push(...listeners);

  const load = startOrderLoad({ baseUrl: api.baseUrl, ratePerSecond: RATE });
  await waitFor(() => load.result.accepted.size >= 100, { timeoutMs: 60_000, message: '100 orders accepted before the fault' });
  const faultAt = Date.now();
  await inject({ cluster, topic: env.ORDERS_TOPIC, listeners });
  const healedAt = Date.now();
  await waitFor(() => load.acceptedSince(healedAt) >= 100, { timeoutMs: 120_000, message: '100 orders accepted after healing' });
  // A few more seconds of load after healing: the steady state is part of what is checked.
  await sleep(2_000);
  const result = await load.stop();

  const accepted = [...result.accepted.keys()];
  const handledNow = () => new Set(listeners.flatMap(handledOrderIds));
  await waitFor(() => {
    const handled = handledNow();
    return accepted.every((id) => handled.has(id));
  }, { timeoutMs: 120_000, message: 'every accepted order to be handled' }).catch(() => undefined);
  const deliveries = listeners.flatMap(handledOrderIds);
  const handled = new Set(deliveries);
  const unavailable = result.statuses.get(503) ?? 0;
  const after = [...result.accepted.values()].filter((at) => at > faultAt);
  await Promise.all([api, ...listeners].map((p) => p.stop('SIGTERM')));
  return {
    name,
    sent: result.sent,
    accepted: accepted.length,
    unavailable,
    other: result.sent - accepted.length - unavailable,
    handled: handled.size,
    lost: accepted.filter((id) => !handled.has(id)).length,
    duplicates: deliveries.length - handled.size,
    recoverySeconds: after.length ? Math.round((Math.min(...after) - faultAt) / 100) / 10 : Number.NaN,
  };
}

export function formatResults(results: ScenarioResult[]): string {
  return [
    '| scenario | sent | 202 | 503 | other | handled | lost | duplicates | first 202 after the fault |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) => `| ${r.name} | ${r.sent} | ${r.accepted} | ${r.unavailable} | ${r.other} | ${r.handled} | ${r.lost} | ${r.duplicates} | ${r.recoverySeconds} s |`,
    ),
  ].join('\n');
}
