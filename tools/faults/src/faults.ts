// The broker faults of the suite, each injected and healed against a running cluster. A
// fault returns once the cluster is whole again: every broker up, every replica in sync.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeAction, type RunningCluster } from '@tacocloud/kafka-tools';
import { leaderOf, partitionStates, waitForFullIsr, type PartitionState } from './cluster-state.js';

export interface OutageReport {
  /** When the fault was injected (every SIGKILL sent): the outage starts here. */
  from: number;
  until: number;
  /** Brokers still running during the outage. */
  survivors: number[];
  /** Leader and ISR of every partition just before the fault. */
  before: PartitionState[];
  /** Milliseconds from `from` until each killed broker was seen dead. */
  deadAfterMs: Record<number, number>;
}

export interface FaultContext {
  cluster: RunningCluster;
  topic: string;
  /**
   * Marks a span in which the cluster cannot take writes: no order may be acknowledged in it
   * that the brokers had not appended before it began. Awaited before the fault heals, so
   * the checker can read what each broker held while it was down.
   */
  outage(report: OutageReport): Promise<void>;
}

export interface Fault {
  name: string;
  inject(ctx: FaultContext): Promise<void>;
}

/** How long a broker stays down or paused: long enough for the cluster to run without it. */
const DOWN_MS = 20_000;

export const leaderKilled: Fault = {
  name: 'leader SIGKILL, restart after 20 s',
  async inject({ cluster, topic }) {
    const leader = await leaderOf(cluster.bootstrap, topic, 0);
    await nodeAction(leader, 'kill', { name: cluster.name });
    await sleep(DOWN_MS);
    await nodeAction(leader, 'restart', { name: cluster.name });
    await waitForFullIsr(cluster.bootstrap, topic);
  },
};

export const leaderPaused: Fault = {
  name: 'leader SIGSTOP for 20 s, then SIGCONT',
  async inject({ cluster, topic }) {
    const leader = await leaderOf(cluster.bootstrap, topic, 0);
    await nodeAction(leader, 'pause', { name: cluster.name });
    try {
      await sleep(DOWN_MS);
    } finally {
      await nodeAction(leader, 'resume', { name: cluster.name });
    }
    await waitForFullIsr(cluster.bootstrap, topic);
  },
};

export const rollingRestart: Fault = {
  name: 'rolling restart of all 3 brokers',
  async inject({ cluster, topic }) {
    for (const node of cluster.nodes) {
      // As operators do it: the next broker goes only once every replica caught up again.
      await nodeAction(node.id, 'restart', { name: cluster.name });
      await waitForFullIsr(cluster.bootstrap, topic);
    }
  },
};

export const twoBrokersKilled: Fault = {
  name: 'two of three brokers SIGKILLed for 20 s',
  async inject({ cluster, topic, outage }) {
    const [survivor, ...victims] = cluster.nodes;
    if (survivor === undefined || victims.length !== 2) throw new Error('this fault needs a 3-broker cluster');
    const before = await partitionStates(cluster.bootstrap, topic);
    const pids = victims.map((node) => Number(readFileSync(node.pidFile, 'utf8')));
    for (const node of victims) await nodeAction(node.id, 'kill', { name: cluster.name });
    // Taken once both signals are sent: a record appended before this was appended before the fault.
    const from = Date.now();
    const deadAfterMs = Object.fromEntries(await Promise.all(victims.map(async (node, i) => [node.id, (await deadAt(pids[i]!)) - from])));
    await sleep(DOWN_MS);
    await outage({ from, until: Date.now(), survivors: [survivor.id], before, deadAfterMs });
    // One restart restores the controller quorum (2 of 3 voters); the second completes the ISR.
    for (const node of victims) await nodeAction(node.id, 'restart', { name: cluster.name });
    await waitForFullIsr(cluster.bootstrap, topic);
  },
};

/** When a SIGKILLed process is gone or a zombie: it runs no more code after that. */
async function deadAt(pid: number): Promise<number> {
  for (;;) {
    let state: string | undefined;
    try {
      state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    } catch {
      return Date.now();
    }
    if (state === 'Z' || state === 'X') return Date.now();
    await sleep(1);
  }
}
