// Coalesces concurrent sends into one produce request, as the Java producer does with
// linger.ms and batch.size: kafkajs has neither, and its idempotent producer allows one
// request in flight per broker, so one request per record would cap throughput at one
// record per round trip. Each caller still resolves only when its own record is
// acknowledged (acks = all), with its own partition and offset.
import { Partitioners, type Message, type PartitionMetadata, type Producer } from 'kafkajs';
import { KafkaUnavailableError, ProducerBufferFullError } from '../errors.js';

export interface BatchingOptions {
  /** How long a record may wait for others to share its request (Java's linger.ms). */
  lingerMs: number;
  /** Most records in one produce request (Java's batch.size, counted in records). */
  maxBatchRecords: number;
  /** Records waiting or in flight before new sends fail fast (Java's buffer.memory). */
  maxBufferedRecords: number;
}

/**
 * 5 ms is the Java producer's default linger since Kafka 4.0 (KIP-1030): invisible next to an
 * HTTP round trip, and enough to gather hundreds of records under load. 1,000 records of
 * ~1 KB keep a request near 1 MB (the broker's default max.message.bytes per batch). 20,000
 * buffered records (~20 MB) absorb a leader election at 10,000 orders/s for 2 s.
 */
export const DEFAULT_BATCHING: BatchingOptions = { lingerMs: 5, maxBatchRecords: 1_000, maxBufferedRecords: 20_000 };

export interface Placement {
  partition: number;
  offset: string;
}

interface Pending {
  topic: string;
  message: Message & { partition: number };
  resolve: (placement: Placement) => void;
  reject: (error: unknown) => void;
  /** Set once the record left the queue for a request; before that it can be withdrawn. */
  sent: boolean;
}

const partitioner = Partitioners.DefaultPartitioner();
const layouts = new Map<number, PartitionMetadata[]>();

/**
 * Kafka's default partitioner (murmur2 of the key), the same as kafkajs and the Java client.
 * For a keyed record it only needs the partition count, which the topic declaration fixes.
 */
export function partitionFor(topic: string, key: string, partitions: number): number {
  let partitionMetadata = layouts.get(partitions);
  if (!partitionMetadata) {
    partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      partitionErrorCode: 0,
      leader: 0,
      replicas: [],
      isr: [],
      offlineReplicas: [],
    }));
    layouts.set(partitions, partitionMetadata);
  }
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

export class RecordBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;

  constructor(
    private readonly producer: Producer,
    private readonly options: BatchingOptions = DEFAULT_BATCHING,
  ) {}

  /** Records waiting or in flight. */
  get buffered(): number {
    return this.queue.length + this.inFlight;
  }

  /**
   * Queues a record; `withdraw` takes it back if it has not left yet (the caller gave up),
   * returning whether it did: a record not yet sent is then never sent.
   */
  enqueue(topic: string, message: Message & { partition: number }): { placed: Promise<Placement>; withdraw: () => boolean } {
    if (this.buffered >= this.options.maxBufferedRecords) {
      const error = new ProducerBufferFullError(`${this.buffered} records are waiting for Kafka; not taking more`);
      return { placed: Promise.reject(error), withdraw: () => true };
    }
    let pending!: Pending;
    const placed = new Promise<Placement>((resolve, reject) => {
      pending = { topic, message, resolve, reject, sent: false };
    });
    this.queue.push(pending);
    if (this.queue.length >= this.options.maxBatchRecords) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.lingerMs);
    const withdraw = () => {
      if (pending.sent) return false;
      this.queue = this.queue.filter((p) => p !== pending);
      return true;
    };
    return { placed, withdraw };
  }

  /** Sends what is queued, one request at a time; records arriving meanwhile form the next. */
  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatchRecords);
        for (const pending of batch) pending.sent = true;
        this.inFlight += batch.length;
        try {
          await this.send(batch);
        } finally {
          this.inFlight -= batch.length;
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, Pending[]>();
    for (const pending of batch) byTopic.set(pending.topic, [...(byTopic.get(pending.topic) ?? []), pending]);
    try {
      const results = await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, records]) => ({ topic, messages: records.map((r) => r.message) })),
      });
      const baseOffsets = new Map(results.map((r) => [`${r.topicName}:${r.partition}`, BigInt(r.baseOffset ?? r.offset ?? '-1')]));
      const seen = new Map<string, bigint>();
      // Within a request, a partition's records are appended in order from its base offset.
      for (const pending of batch) {
        const slot = `${pending.topic}:${pending.message.partition}`;
        const index = seen.get(slot) ?? 0n;
        seen.set(slot, index + 1n);
        const base = baseOffsets.get(slot);
        if (base === undefined) pending.reject(new KafkaUnavailableError(`Kafka returned no offset for ${slot}`));
        else pending.resolve({ partition: pending.message.partition, offset: (base + index).toString() });
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
