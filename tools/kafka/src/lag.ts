// `npm run kafka -- lag`: consumer lag per partition for any cluster (the figures are the
// messaging lib's consumerLag, shared with the console), with a client whose few, short
// retries make an operator's command end.
import { accessDeniedFrom, applyKafkaJsPatches, consumerLag as lagOf, type PartitionLag } from '@tacocloud/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaToolError } from './errors.js';
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
  } catch (error) {
    throw explained(error, groupId);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Kafka's refusals and an unreachable cluster in a line an operator can act on, not a stack. */
function explained(error: unknown, groupId: string): unknown {
  if (!(error instanceof Error)) return error;
  const denied = accessDeniedFrom(error);
  if (denied) {
    return new KafkaToolError(
      `Kafka refused to show group ${groupId}: ${denied.message}.`,
      'run it as a principal allowed to describe the group and its topics, e.g. admin (`npm run kafka -- env --principal admin`).',
      { cause: error },
    );
  }
  return new KafkaToolError(
    `Could not read the lag of group ${groupId}: ${error.message}`,
    'check KAFKA_BROKERS and its security settings, or `npm run kafka -- status`.',
    { cause: error },
  );
}
