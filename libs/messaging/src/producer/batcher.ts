// Coalesces concurrent sends into one produce request per partition, as the Java producer does with
// linger.ms and batch.size: kafkajs has neither, and its idempotent producer allows one
// request in flight per broker, so one request per record would cap throughput at one
// record per round trip. Each caller still resolves only when its own record is
// acknowledged (acks = all), with its own partition and offset.
import { Partitioners, type Message, type PartitionMetadata, type Producer } from 'kafkajs';
import { KafkaUnavailableError, ProducerBufferFullError } from '../errors.js';
import { channels, publish } from '../events.js';

export interface BatchingOptions {
  /** How long a record may wait for others to share its request (Java's linger.ms). */
  lingerMs: number;
  /** Most records of one partition in one produce request. */
  maxBatchRecords: number;
  /** Most bytes of one partition in one produce request (Java's batch.size); at least one record goes. */
  maxBatchBytes: number;
  /** Records waiting or in flight before new sends fail fast (Java's buffer.memory). */
  maxBufferedRecords: number;
}

/**
 * 5 ms is the Java producer's default linger since Kafka 4.0 (KIP-1030): invisible next to an
 * HTTP round trip, and enough to gather hundreds of records under load. A partition's batch is
 * one record batch on the broker, which refuses one above max.message.bytes (1 MB by default):
 * 512 KB keeps well below it with room for headers. 20,000 buffered records (~20 MB) bound
 * memory while Kafka stalls; beyond them new orders fail fast.
 */
export const DEFAULT_BATCHING: BatchingOptions = {
  lingerMs: 5,
  maxBatchRecords: 1_000,
  maxBatchBytes: 512 * 1024,
  maxBufferedRecords: 20_000,
};

/** Bytes a record adds to a batch: key, value and headers, plus Kafka's per-record overhead. */
function sizeOf({ key, value, headers }: Message): number {
  const length = (data: unknown) => (typeof data === 'string' ? Buffer.byteLength(data) : Buffer.isBuffer(data) ? data.length : 0);
  const headerBytes = Object.entries(headers ?? {}).reduce((sum, [name, data]) => sum + Buffer.byteLength(name) + length(data), 0);
  return length(key) + length(value) + headerBytes + 32;
}

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

/** One partition's records: sent one request at a time, in order, as idempotence requires. */
interface Lane {
  topic: string;
  queue: Pending[];
  sending: boolean;
}

/**
 * Each partition is its own lane with at most one request in flight, and lanes do not wait
 * for each other: while a partition's leader is failing over, its records wait (and time out)
 * on their own, and every other partition keeps being written.
 */
export class RecordBatcher {
  private readonly lanes = new Map<string, Lane>();
  private queued = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly options: BatchingOptions = DEFAULT_BATCHING,
  ) {}

  /** Records waiting or in flight. */
  get buffered(): number {
    return this.queued + this.inFlight;
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
    const lane = this.laneOf(topic, message.partition);
    lane.queue.push(pending);
    this.queued++;
    if (lane.queue.length >= this.options.maxBatchRecords) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    const withdraw = () => {
      if (pending.sent) return false;
      const index = lane.queue.indexOf(pending);
      if (index >= 0) {
        lane.queue.splice(index, 1);
        this.queued--;
      }
      return true;
    };
    return { placed, withdraw };
  }

  private laneOf(topic: string, partition: number): Lane {
    const id = `${topic}:${partition}`;
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { topic, queue: [], sending: false };
      this.lanes.set(id, lane);
    }
    return lane;
  }

  /** Starts a request on every idle lane with records; busy lanes follow up when theirs settles. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const lane of this.lanes.values()) {
      if (!lane.sending && lane.queue.length > 0) void this.drain(lane);
    }
  }

  /** Sends a lane's records, one request at a time; records arriving meanwhile form the next. */
  private async drain(lane: Lane): Promise<void> {
    lane.sending = true;
    try {
      while (lane.queue.length > 0) {
        const batch = this.takeBatch(lane);
        for (const pending of batch) pending.sent = true;
        this.queued -= batch.length;
        this.inFlight += batch.length;
        try {
          await this.send(lane.topic, batch);
        } finally {
          this.inFlight -= batch.length;
        }
      }
    } finally {
      lane.sending = false;
    }
  }

  /** The oldest records of a lane that fit one request, by count and by bytes. */
  private takeBatch(lane: Lane): Pending[] {
    let count = 0;
    let bytes = 0;
    for (const pending of lane.queue) {
      bytes += sizeOf(pending.message);
      if (count >= this.options.maxBatchRecords || (count > 0 && bytes > this.options.maxBatchBytes)) break;
      count++;
    }
    return lane.queue.splice(0, count);
  }

  private async send(topic: string, batch: Pending[]): Promise<void> {
    const started = Date.now();
    const request = { topic, partition: batch[0]?.message.partition, records: batch.length };
    try {
      const [result] = await this.producer.sendBatch({
        acks: -1,
        topicMessages: [{ topic, messages: batch.map((pending) => pending.message) }],
      });
      const base = result ? BigInt(result.baseOffset ?? result.offset ?? '-1') : undefined;
      // A partition's records are appended in order from the request's base offset.
      batch.forEach((pending, index) => {
        if (base === undefined || base < 0n)
          pending.reject(new KafkaUnavailableError(`Kafka returned no offset for ${topic}:${pending.message.partition}`));
        else pending.resolve({ partition: pending.message.partition, offset: (base + BigInt(index)).toString() });
      });
      publish(channels.produced, { ...request, durationMs: Date.now() - started, ok: true });
    } catch (error) {
      publish(channels.produced, { ...request, durationMs: Date.now() - started, ok: false });
      for (const pending of batch) pending.reject(error);
    }
  }
}
