// BENCH_ONLY=peers: the peer phases alone, on their own broker or KAFKA_BROKERS, written to
// bench/results/peers.md and peers.json. latest.md stays the last full run's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, stopCluster } from '@tacocloud/kafka-tools';
import { applyKafkaJsPatches, createKafkaClient, deadLetterTopicOf, ensureTopics, ordersTopic, silentLogger } from '@tacocloud/messaging';
import { uniqueName } from '@tacocloud/messaging/testing';
import { peerPhases, type PeerReport } from './peers.js';
import { buildApps, CPU } from './processes.js';
import { renderPeers } from './report.js';
import type { Scale } from './scale.js';

const CLUSTER = 'bench-peers';

export async function runPeersOnly(
  scale: Scale,
  given: string | undefined,
  outDir: string,
  log: (line: string) => void,
): Promise<PeerReport> {
  applyKafkaJsPatches();
  log('building the apps as their image does (tsc)');
  buildApps();
  const brokers =
    given ??
    (
      await startCluster({
        name: CLUSTER,
        basePort: 29850,
        fresh: true,
        ownerPid: process.pid,
        env: { ...process.env, KAFKA_CPU_AFFINITY: CPU.broker },
      })
    ).bootstrap;
  try {
    const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'bench-peers', logger: silentLogger });
    const newTopic = async (name: string) => {
      const topic = ordersTopic({ name: uniqueName(`bench-${name}`), partitions: 6 });
      await ensureTopics(kafka, [topic, deadLetterTopicOf(topic)], silentLogger);
      return topic;
    };
    const peers = await peerPhases({ brokers, scale, newTopic, log });
    const settings = {
      runs: scale.runs,
      httpConnections: scale.httpConnections,
      httpSeconds: scale.httpSeconds,
      consumerRecords: scale.consumerRecords,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(
      join(outDir, 'peers.json'),
      `${JSON.stringify({ generatedAt: new Date().toISOString(), scale: scale.name, settings, peers }, null, 2)}\n`,
    );
    writeFileSync(
      join(outDir, 'peers.md'),
      `# Peers only (BENCH_ONLY=peers)\n\nGenerated ${new Date().toISOString()} (scale: ${scale.name}, ${scale.runs} run(s) per figure; ` +
        `${given ? `broker ${given}` : 'a fresh local broker on CPU 1'}). A partial run: the full report is latest.md.\n\n${renderPeers(peers, settings)}`,
    );
    return peers;
  } finally {
    if (!given) await stopCluster({ name: CLUSTER });
  }
}
