// Consumer lag per partition, for any cluster: the group's committed offset, the partition's
// end offset, the lag between them, and the member (listener replica) that owns the partition
// now. The figures Kafka's own `kafka-consumer-groups --describe` shows, without a JVM.
import { applyKafkaJsPatches } from '@tacocloud/messaging';
import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see this export by name.
const { AssignerProtocol } = kafkajs;

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null when the group has committed nothing for the partition. */
  committed: string | null;
  end: string;
  /** null when nothing is committed: the lag depends on where the group would start. */
  lag: string | null;
  /** null when no member owns the partition (the group is empty or rebalancing). */
  owner: { memberId: string; clientId: string; host: string } | null;
}

export async function consumerLag(bootstrap: readonly string[], groupId: string): Promise<PartitionLag[]> {
  applyKafkaJsPatches();
  // Few, short retries: an operator's command must end, with an error if Kafka does not answer.
  const kafka = new Kafka({
    clientId: 'tacocloud-lag',
    brokers: [...bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const owners = await ownersOf(admin, groupId);
    const committed = await admin.fetchOffsets({ groupId });
    const topics = [...new Set([...committed.map((t) => t.topic), ...[...owners.keys()].map((key) => key.split('\0')[0]!)])].sort();
    const rows: PartitionLag[] = [];
    for (const topic of topics) {
      const commits = new Map(committed.find((t) => t.topic === topic)?.partitions.map((p) => [p.partition, p.offset]));
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        const offset = commits.get(partition);
        const done = offset !== undefined && BigInt(offset) >= 0n ? offset : null;
        rows.push({
          topic,
          partition,
          committed: done,
          end: high,
          lag: done === null ? null : String(BigInt(high) - BigInt(done)),
          owner: owners.get(`${topic}\0${partition}`) ?? null,
        });
      }
    }
    return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Which member owns each `topic\0partition`, from the assignments of a stable group. */
async function ownersOf(admin: Admin, groupId: string): Promise<Map<string, NonNullable<PartitionLag['owner']>>> {
  const { groups } = await admin.describeGroups([groupId]);
  const owners = new Map<string, NonNullable<PartitionLag['owner']>>();
  for (const member of groups[0]?.members ?? []) {
    const decoded = member.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment) : null;
    for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) {
      for (const partition of partitions) {
        owners.set(`${topic}\0${partition}`, { memberId: member.memberId, clientId: member.clientId, host: member.clientHost });
      }
    }
  }
  return owners;
}
