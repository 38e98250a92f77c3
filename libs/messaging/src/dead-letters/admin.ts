// The admin requests `npm run dlt` makes before reading, each bounded by a deadline.
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA_CALL_MS, within } from '../kafka/deadline.js';

export async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  try {
    await within(admin.connect(), KAFKA_CALL_MS, 'Connecting to Kafka');
    return await use(admin);
  } finally {
    await within(admin.disconnect(), KAFKA_CALL_MS, 'Disconnecting from Kafka').catch(() => undefined);
  }
}

/** Each partition's first offset still held and the offset its next record will get. */
export async function partitionOffsets(admin: Admin, topic: string): Promise<Map<number, { low: bigint; high: bigint }>> {
  // kafkajs retries the offsets of a topic that does not exist for ~40 s, then says so without
  // naming it; its metadata says so at once.
  await within(admin.fetchTopicMetadata({ topics: [topic] }), KAFKA_CALL_MS, `Reading the metadata of ${topic}`).catch((error: unknown) => {
    throw (error as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION'
      ? new Error(`Topic ${topic} does not exist`, { cause: error })
      : error;
  });
  const offsets = await within(admin.fetchTopicOffsets(topic), KAFKA_CALL_MS, `Reading the offsets of ${topic}`);
  return new Map(offsets.map(({ partition, low, high }) => [partition, { low: BigInt(low), high: BigInt(high) }]));
}

/** The group's committed offset and metadata per partition of `topic` ('-1' where none). */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<Map<number, { offset: string; metadata: string | null }>> {
  const [committed] = await within(
    admin.fetchOffsets({ groupId, topics: [topic] }),
    KAFKA_CALL_MS,
    `Reading the offsets of group ${groupId}`,
  );
  return new Map((committed?.partitions ?? []).map(({ partition, offset, metadata }) => [partition, { offset, metadata }]));
}

export async function groupMemberCount(admin: Admin, groupId: string): Promise<number> {
  const { groups } = await within(admin.describeGroups([groupId]), KAFKA_CALL_MS, `Describing group ${groupId}`);
  return groups.find((group) => group.groupId === groupId)?.members.length ?? 0;
}
