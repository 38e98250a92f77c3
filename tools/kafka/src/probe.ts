// Asks the cluster itself whether it is up: metadata with every broker registered.
// tools/ are operations tooling, so this one place uses kafkajs directly (apps go through
// libs/messaging); it is also the everyday proof that kafkajs speaks to this Kafka. It runs
// with the same kafkajs fixes as the apps (no idle timer loop, no crash on a bad frame).
import { applyKafkaJsPatches } from '@tacocloud/messaging';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/** TLS and SASL settings of a secured cluster (see secured-cluster.ts toolAuth); none for plaintext. */
export type ClientAuth = Pick<KafkaConfig, 'ssl' | 'sasl'>;

export interface ClusterView {
  brokers: { nodeId: number; host: string; port: number }[];
  topics: string[];
}

export async function describeCluster(bootstrap: string[], timeoutMs = 3_000, auth: ClientAuth = {}): Promise<ClusterView> {
  applyKafkaJsPatches();
  const kafka = new Kafka({
    clientId: 'tacocloud-kafka-tool',
    brokers: bootstrap,
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    ...auth,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const topics = await admin.listTopics();
    return { brokers: cluster.brokers.sort((a, b) => a.nodeId - b.nodeId), topics: topics.sort() };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
