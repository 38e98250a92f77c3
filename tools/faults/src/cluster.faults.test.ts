// `npm run test:faults`: fault scenarios on a 3-broker cluster started by tools/kafka, with
// order-api and three listener replicas as separate processes. Fails on any order answered
// 202 that no listener handled.
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeAction, startCluster, stopCluster, type RunningCluster } from '@tacocloud/kafka-tools';
import type { RunningProcess } from '@tacocloud/messaging/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResults, runScenario, type ScenarioResult } from './scenario.js';

const CLUSTER = 'faults';
/** How long a killed leader stays down: long enough for the cluster to fail over and run without it. */
const LEADER_DOWN_MS = 20_000;

describe('fault injection on a 3-broker cluster', () => {
  let cluster: RunningCluster;
  const processes: RunningProcess[] = [];
  const results: ScenarioResult[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ name: CLUSTER, brokers: 3, basePort: 29900, fresh: true, ownerPid: process.pid });
  }, 180_000);
  afterAll(async () => {
    console.log(`\n${formatResults(results)}\n`);
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await stopCluster({ name: CLUSTER });
  }, 120_000);

  it('1. the leader of a busy partition is SIGKILLed and restarted 20 s later: no acknowledged order is lost', { timeout: 600_000 }, async () => {
    const result = await runScenario('1. leader SIGKILL, restart after 20 s', cluster, async ({ topic }) => {
      const leader = await leaderOf(cluster, topic, 0);
      await nodeAction(leader, 'kill', { name: CLUSTER });
      await sleep(LEADER_DOWN_MS);
      await nodeAction(leader, 'restart', { name: CLUSTER });
    }, processes);
    results.push(result);
    expect(result.lost).toBe(0);
    expect(result.accepted).toBeGreaterThan(0);
  });
});

async function leaderOf(cluster: RunningCluster, topic: string, partition: number): Promise<number> {
  const admin = new Kafka({ clientId: 'faults', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = metadata.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined) throw new Error(`no leader for ${topic}[${partition}]`);
    return leader;
  } finally {
    await admin.disconnect();
  }
}
