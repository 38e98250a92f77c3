// Reads a topic from "now" for someone watching it (the console's live page), plus the last
// records of each partition so a page load is not empty. Its group commits nothing and starts
// every time from the end of each partition minus `recent`: it never moves the listeners'
// offsets and never replays history it was not asked for.
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { InvalidMessageError, PoisonReason } from '../errors.js';
import { decodeRecord, DEFAULT_MAX_HEADER_BYTES } from '../listener/decode.js';
import { isoTimestamp } from '../timestamps.js';
import type { Logger } from '../logger.js';
import type { ReadableTopic } from '../topics/declaration.js';

export interface TailRecord<T> {
  topic: string;
  partition: number;
  offset: string;
  /** The record's timestamp, ISO 8601. */
  timestamp: string;
  /** Decoded with the topic's readers (older versions upcast); null when the record is poison. */
  value: T | null;
  /**
   * Why the record could not be decoded, as a poison reason code only: an error's text can
   * quote the record (JSON.parse does), and this goes to pages.
   */
  poison?: PoisonReason;
}

export interface TopicTailOptions<T> {
  kafka: Kafka;
  topic: ReadableTopic<T>;
  groupId: string;
  /** How many of the newest records to keep for a page load (across partitions). */
  recent: number;
  /**
   * A record whose value is larger is kept as poison (too-large), not decoded: what is kept is
   * answered to every page load, and a topic's own records are far smaller than the 1 MB a
   * broker takes.
   */
  maxValueBytes: number;
  logger: Logger;
}

interface Kept<T> {
  record: TailRecord<T>;
  /**
   * Its place among the newest: its timestamp, but never later than when it was read. Whoever
   * writes to the topic sets the timestamp; 60 records dated an hour ahead otherwise stayed the
   * newest for that hour and hid every order that came after them (a hostile review's finding).
   */
  at: number;
}

type Watcher<T> = (record: TailRecord<T>) => void;

export class TopicTail<T> {
  private readonly kept: Kept<T>[] = [];
  private readonly watchers = new Set<Watcher<T>>();
  private consumer: Consumer | undefined;
  private running = false;

  constructor(private readonly options: TopicTailOptions<T>) {}

  /** True while the consumer runs (it has joined its group or is joining it); false after a crash it does not restart from. */
  get isRunning(): boolean {
    return this.running;
  }

  /** The newest records read, oldest first. */
  recent(): readonly TailRecord<T>[] {
    return this.kept.map(({ record }) => record);
  }

  /** Calls `watcher` with each record read from now on; returns the function that stops it. */
  watch(watcher: Watcher<T>): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  async start(): Promise<void> {
    const { kafka, topic, groupId, recent } = this.options;
    const admin = kafka.admin();
    let starts: { partition: number; offset: string }[];
    try {
      await admin.connect();
      starts = (await admin.fetchTopicOffsets(topic.name)).map(({ partition, low, high }) => {
        const from = BigInt(high) - BigInt(recent);
        return { partition, offset: String(from > BigInt(low) ? from : BigInt(low)) };
      });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.running = false;
      this.options.logger.error({ err: payload.error, restart: payload.restart }, `Reading ${topic.name} crashed`);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: topic.name, fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => this.add(this.toRecord(partition, message), Number(message.timestamp)),
      });
    } catch (error) {
      // A start that is tried again must not leave this consumer behind in the group.
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    this.consumer = consumer;
    // Seeks made now are applied when the group assigns the partitions, before the first fetch.
    for (const { partition, offset } of starts) consumer.seek({ topic: topic.name, partition, offset });
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.watchers.clear();
    await this.consumer?.disconnect();
  }

  private toRecord(partition: number, message: KafkaMessage): TailRecord<T> {
    const base = {
      topic: this.options.topic.name,
      partition,
      offset: message.offset,
      // Whatever the producer wrote: a timestamp no Date can hold is shown as written, not thrown on.
      timestamp: isoTimestamp(message.timestamp),
    };
    try {
      const limits = { maxValueBytes: this.options.maxValueBytes, maxHeaderBytes: DEFAULT_MAX_HEADER_BYTES };
      return { ...base, value: decodeRecord(this.options.topic, message, limits) };
    } catch (error) {
      return { ...base, value: null, poison: error instanceof InvalidMessageError ? error.reason : PoisonReason.SchemaMismatch };
    }
  }

  private add(record: TailRecord<T>, timestamp: number): void {
    const readAt = Date.now();
    const at = Number.isFinite(timestamp) ? Math.min(timestamp, readAt) : readAt;
    // Kept in order by `at`: a record goes after every one not later than it, so most go last.
    let index = this.kept.length;
    while (index > 0 && this.kept[index - 1]!.at > at) index--;
    this.kept.splice(index, 0, { record, at });
    if (this.kept.length > this.options.recent) this.kept.splice(0, this.kept.length - this.options.recent);
    for (const watcher of this.watchers) watcher(record);
  }
}
