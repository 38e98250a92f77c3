// What a fault scenario needs to know about the cluster it breaks: who leads a partition,
// and when every replica is back in sync (the healed state the next step starts from).
import { applyKafkaJsPatches } from '@tacocloud/messaging';
import { waitFor } from '@tacocloud/messaging/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';

async function withAdmin<T>(bootstrap: string, use: (admin: Admin) => Promise<T>): Promise<T> {
  // The fixes the apps' clients run with (no idle timer loop, so no TimeoutNegativeWarning).
  applyKafkaJsPatches();
  const admin = new Kafka({ clientId: 'faults', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function leaderOf(bootstrap: string, topic: string, partition: number): Promise<number> {
  return withAdmin(bootstrap, async (admin) => {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = metadata.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined || leader < 0) throw new Error(`no leader for ${topic}[${partition}]`);
    return leader;
  });
}

/** Waits until every partition of `topic` has all its replicas in sync again. */
export async function waitForFullIsr(bootstrap: string, topic: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    () =>
      withAdmin(bootstrap, async (admin) => {
        const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
        return metadata.topics[0]?.partitions.every((p) => p.isr.length === p.replicas.length) ?? false;
      }).catch(() => false),
    { timeoutMs, intervalMs: 500, message: `every replica of ${topic} in sync` },
  );
}

export interface PartitionState {
  partition: number;
  leader: number;
  isr: number[];
}

/** Leader and ISR of every partition, as the brokers in `bootstrap` see them. */
export async function partitionStates(bootstrap: string, topic: string): Promise<PartitionState[]> {
  return withAdmin(bootstrap, async (admin) => {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return (metadata.topics[0]?.partitions ?? [])
      .map((p) => ({ partition: p.partitionId, leader: p.leader, isr: [...p.isr].sort() }))
      .sort((a, b) => a.partition - b.partition);
  });
}

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/**
 * Creates the topic and waits until every partition has a leader. Not kafkajs's own
 * `waitForLeaders`: it retries only LEADER_NOT_AVAILABLE, and a broker that has not yet heard of
 * the new topic answers UNKNOWN_TOPIC_OR_PARTITION, which failed a CI run's scenario at its start.
 */
export async function createTopic(bootstrap: string, { name, partitions, replicationFactor, configs }: TopicSpec): Promise<void> {
  await withAdmin(bootstrap, (admin) =>
    admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic: name,
          numPartitions: partitions,
          replicationFactor,
          configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
        },
      ],
    }),
  );
  await waitFor(
    () =>
      withAdmin(bootstrap, async (admin) => {
        const metadata = await admin.fetchTopicMetadata({ topics: [name] });
        const found = metadata.topics[0]?.partitions ?? [];
        return found.length === partitions && found.every((p) => p.leader >= 0);
      }).catch(() => false),
    { timeoutMs: 60_000, intervalMs: 200, message: `a leader for every partition of ${name}` },
  );
}

export interface PartitionProgress {
  partition: number;
  /** The group's committed offset: the next record it will read (-1 when none is committed). */
  committed: string;
  /** The log end offset: one past the last record written. */
  end: string;
}

/** How far a consumer group has read each partition of `topic`, against its end. */
export async function groupProgress(bootstrap: string, groupId: string, topic: string): Promise<PartitionProgress[]> {
  return withAdmin(bootstrap, async (admin) => {
    const [committed, ends] = await Promise.all([admin.fetchOffsets({ groupId, topics: [topic] }), admin.fetchTopicOffsets(topic)]);
    const committedOf = new Map(committed[0]?.partitions.map((p) => [p.partition, p.offset]));
    return ends
      .map((p) => ({ partition: p.partition, committed: committedOf.get(p.partition) ?? '-1', end: p.offset }))
      .sort((a, b) => a.partition - b.partition);
  });
}
