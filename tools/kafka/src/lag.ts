// `npm run kafka -- lag`: consumer lag per partition for any cluster (the figures are the
// messaging lib's consumerLag, shared with the console), with a client whose few, short
// retries make an operator's command end.
import { applyKafkaJsPatches, consumerLag as lagOf, type PartitionLag } from '@tacocloud/messaging';
import { Kafka, logLevel } from 'kafkajs';
import type { ClientAuth } from './probe.js';

export type { PartitionLag };

export async function consumerLag(bootstrap: readonly string[], groupId: string, auth: ClientAuth = {}): Promise<PartitionLag[]> {
  applyKafkaJsPatches();
  const kafka = new Kafka({
    clientId: 'tacocloud-lag',
    brokers: [...bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 2 },
    ...auth,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await lagOf(admin, groupId);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
