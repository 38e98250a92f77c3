// The broker faults of the suite, each injected and healed against a running cluster. A
// fault returns once the cluster is whole again: every broker up, every replica in sync.
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeAction, type RunningCluster } from '@tacocloud/kafka-tools';
import { leaderOf, waitForFullIsr } from './cluster-state.js';

export interface FaultContext {
  cluster: RunningCluster;
  topic: string;
  /** Marks a span in which the cluster cannot take writes: no 202 may be answered in it. */
  noWritesBetween(from: number, until: number): void;
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
  async inject({ cluster, topic, noWritesBetween }) {
    const [survivor, ...victims] = cluster.nodes.map((node) => node.id);
    if (survivor === undefined || victims.length !== 2) throw new Error('this fault needs a 3-broker cluster');
    for (const id of victims) await nodeAction(id, 'kill', { name: cluster.name });
    const downAt = Date.now();
    await sleep(DOWN_MS);
    noWritesBetween(downAt, Date.now());
    // One restart restores the controller quorum (2 of 3 voters); the second completes the ISR.
    for (const id of victims) await nodeAction(id, 'restart', { name: cluster.name });
    await waitForFullIsr(cluster.bootstrap, topic);
  },
};
