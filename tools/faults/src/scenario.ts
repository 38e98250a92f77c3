// One fault scenario on a 3-broker cluster, the way Kafka's system tests and Jepsen do it:
// a steady load of orders through order-api, a fault (and a listener replica SIGKILLed
// during it), healing, a drain, then a checker that compares every order id answered 202
// with the ids the listener replicas handled.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningCluster } from '@tacocloud/kafka-tools';
import { uniqueName, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { handledOrderIds, startListener, startOrderApi } from './apps.js';
import { describeVerdict, judgeAcceptedDuringOutages, type BrokerRecord, type Outage } from './checker.js';
import { createTopic, partitionStates } from './cluster-state.js';
import type { Fault, OutageReport } from './faults.js';
import { batchHoldingOrder } from './log-segments.js';
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
  /** 202s answered while the cluster could not take writes, for records appended after it began: must be 0. */
  acceptedWhileUnwritable: number;
  /** The evidence for every 202 answered during an outage, one line each. */
  outageEvidence: string[];
}

const RATE = 50;
/** The prod topic layout (order-api checks it against its declaration and refuses a mismatch). */
const PARTITIONS = 6;
const MIN_INSYNC_REPLICAS = 2;

/** The listener replica dies a few seconds into the fault, while its partitions are busy. */
const LISTENER_KILL_AFTER_MS = 5_000;

export async function runScenario(fault: Fault, cluster: RunningCluster, processes: RunningProcess[]): Promise<ScenarioResult> {
  const env = {
    APP_PROFILE: 'prod',
    // Required under prod; shared by the scenario's order-api processes, as by replicas.
    IDEMPOTENCY_SECRET: randomBytes(32).toString('hex'),
    KAFKA_BROKERS: cluster.bootstrap,
    ORDERS_TOPIC: uniqueName('orders'),
    ORDER_LISTENER_GROUP: uniqueName('kitchen'),
  };
  // Created here with the declared layout plus LogAppendTime, so each record carries the time
  // its leader appended it: the checker judges a 202 by that, not by when the answer arrived.
  await createTopic(cluster.bootstrap, {
    name: env.ORDERS_TOPIC,
    partitions: PARTITIONS,
    replicationFactor: 3,
    configs: {
      'min.insync.replicas': String(MIN_INSYNC_REPLICAS),
      'unclean.leader.election.enable': 'false',
      'message.timestamp.type': 'LogAppendTime',
    },
  });
  const api = await startOrderApi(env);
  processes.push(api);
  const listeners = await Promise.all([1, 2, 3].map(() => startListener(env)));
  processes.push(...listeners);

  const load = startOrderLoad({ baseUrl: api.baseUrl, ratePerSecond: RATE });
  await waitFor(() => load.result.accepted.size >= 100, { timeoutMs: 60_000, message: '100 orders accepted before the fault' });
  const outages: Outage[] = [];
  const brokerRecords = new Map<string, BrokerRecord>();
  const outageNotes: string[] = [];
  const faultAt = Date.now();
  const killListener = sleep(LISTENER_KILL_AFTER_MS).then(() => listeners[0]?.child.kill('SIGKILL'));
  const outage = async (report: OutageReport) => {
    outages.push(report);
    outageNotes.push(...(await describeOutage(cluster, env.ORDERS_TOPIC, report)));
    // Read now, while the killed brokers' logs are as they left them.
    for (const answer of load.result.accepted.values()) {
      if (answer.answeredAt >= report.from && answer.answeredAt <= report.until) {
        const record = brokerRecordOf(cluster, env.ORDERS_TOPIC, answer);
        if (record) brokerRecords.set(answer.orderId!, record);
      }
    }
  };
  await fault.inject({ cluster, topic: env.ORDERS_TOPIC, outage });
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
  const verdicts = judgeAcceptedDuringOutages(accepted, outages, (answer) => brokerRecords.get(answer.orderId!), MIN_INSYNC_REPLICAS);
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
    hadOutage: outages.length > 0,
    // A request sent during the outage may rightly get its 202 once brokers are back, not before.
    acceptedWhileUnwritable: verdicts.filter((verdict) => !verdict.excused).length,
    outageEvidence: [...outageNotes, ...verdicts.map(describeVerdict)],
  };
}

/** Which brokers' logs hold an accepted order, and when its leader appended it. */
function brokerRecordOf(cluster: RunningCluster, topic: string, answer: Answer): BrokerRecord | undefined {
  const copies = cluster.nodes.flatMap((node) => {
    const batch = batchHoldingOrder(node.dataDir, topic, answer);
    return batch ? [{ node: node.id, batch }] : [];
  });
  const appended = copies.find(({ batch }) => batch.logAppendTime)?.batch.maxTimestamp;
  return appended === undefined ? undefined : { appendedAt: appended, heldBy: copies.map(({ node }) => node) };
}

/** The cluster as the fault left it: leaders and ISRs before it, and as the survivors see them. */
async function describeOutage(cluster: RunningCluster, topic: string, report: OutageReport): Promise<string[]> {
  const survivors = cluster.nodes.filter((node) => report.survivors.includes(node.id)).map((node) => `${node.host}:${node.port}`);
  const during = await partitionStates(survivors.join(','), topic).catch((error: Error) => error.message);
  const show = (states: typeof report.before | string) =>
    typeof states === 'string' ? states : states.map((s) => `p${s.partition} leader ${s.leader} isr [${s.isr.join(',')}]`).join('; ');
  return [
    `outage of ${topic}: ${report.until - report.from} ms; killed brokers dead after ${JSON.stringify(report.deadAfterMs)} ms`,
    `  before: ${show(report.before)}`,
    `  during, seen by broker(s) ${report.survivors.join(',')}: ${show(during)}`,
  ];
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
