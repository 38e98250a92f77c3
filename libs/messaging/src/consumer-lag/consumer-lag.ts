// Consumer lag per partition: the group's committed offset, the partition's end offset, the
// lag between them, and the member (listener replica) that owns the partition now. The
// figures Kafka's own `kafka-consumer-groups --describe` shows, without a JVM.
import kafkajs, { type Admin } from 'kafkajs';
import { KAFKA_CALL_MS, within } from '../kafka/deadline.js';

// kafkajs is CommonJS; Node's ESM loader cannot see this export by name.
const { AssignerProtocol } = kafkajs;

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null when the group has committed nothing for the partition. */
  committed: string | null;
  end: string;
  /** The partition's first offset still held: where a group reading from the beginning starts without a commit. */
  start: string;
  /** null when nothing is committed: the lag depends on where the group would start. */
  lag: string | null;
  /** null when no member owns the partition (the group is empty or rebalancing). */
  owner: { memberId: string; clientId: string; host: string } | null;
}

/**
 * Every partition the group has committed on or owns, with a connected admin client. `topics`
 * adds partitions the group has not touched yet (a fresh group: everything there is its lag).
 * Fails after KAFKA_CALL_MS rather than waiting on kafkajs's retries of each call in turn: the
 * console's operations page asks this, and an answer must come while the cluster is stalled too.
 */
export function consumerLag(admin: Admin, groupId: string, topics: readonly string[] = []): Promise<PartitionLag[]> {
  return within(readLag(admin, groupId, topics), KAFKA_CALL_MS, `Reading the lag of group ${groupId}`);
}

async function readLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  const owners = await ownersOf(admin, groupId);
  const committed = await admin.fetchOffsets({ groupId });
  const names = [...new Set([...topics, ...committed.map((t) => t.topic), ...[...owners.keys()].map((key) => key.split('\0')[0]!)])].sort();
  const rows: PartitionLag[] = [];
  for (const topic of names) {
    const commits = new Map(committed.find((t) => t.topic === topic)?.partitions.map((p) => [p.partition, p.offset]));
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
      const offset = commits.get(partition);
      const done = offset !== undefined && BigInt(offset) >= 0n ? offset : null;
      rows.push({
        topic,
        partition,
        committed: done,
        end: high,
        start: low,
        lag: done === null ? null : String(BigInt(high) - BigInt(done)),
        owner: owners.get(`${topic}\0${partition}`) ?? null,
      });
    }
  }
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
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
