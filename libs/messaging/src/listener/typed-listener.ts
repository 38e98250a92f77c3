// The @KafkaListener analog: consumes a declared topic in a consumer group, decodes and
// validates each record, calls the handler, and commits an offset only once the record
// was handled or dead-lettered. Records of one partition are handled strictly in order.
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { idempotentProducer } from '../kafka/producers.js';
import { InvalidMessageError, isMessagingError } from '../errors.js';
import { childLogger, silentLogger, type Logger } from '../logger.js';
import { decodeHeaders } from '../producer/headers.js';
import type { ReadableTopic } from '../topics/declaration.js';
import { publishDeadLetter } from './dead-letter.js';
import { decodeRecord } from './decode.js';
import type { ListenerRecord, MessageHandler } from './record.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

export interface TypedListenerOptions<T> {
  kafka: Kafka;
  topic: ReadableTopic<T>;
  groupId: string;
  handler: MessageHandler<T>;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Partitions handled at once; order within a partition is always kept. */
  partitionsConsumedConcurrently?: number;
  /** Where a new group starts: true (default) reads the topic from its start, so nothing is missed. */
  fromBeginning?: boolean;
}

/** A member of a group gets 6 / replicas partitions; handling 3 at once keeps 2 cores busy. */
const DEFAULT_CONCURRENCY = 3;
/** Heartbeat at least this often while backing off, well inside the 30 s session timeout. */
const HEARTBEAT_SLICE_MS = 1_000;

type BatchControl = Pick<EachBatchPayload, 'heartbeat' | 'isRunning'>;

export class TypedListener<T> {
  private readonly consumer: Consumer;
  private readonly deadLetters: Producer;
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private running = false;
  private joined = false;

  constructor(private readonly options: TypedListenerOptions<T>) {
    this.logger = childLogger(options.logger ?? silentLogger, { topic: options.topic.name, groupId: options.groupId });
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // A fetch returns as soon as records arrive; when idle it waits at most 1 s, which is
      // also how long a shutdown may wait for the fetch in flight (kafkajs's default is 5 s).
      maxWaitTimeInMs: 1_000,
    });
    this.deadLetters = idempotentProducer(options.kafka);
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.joined = true;
      this.logger.info({ memberId: payload.memberId, assignment: payload.memberAssignment }, 'Joined consumer group');
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.joined = false;
      this.logger.error({ err: payload.error, restart: payload.restart }, 'Consumer crashed');
    });
  }

  /** True while consuming and a member of the group. */
  get isReady(): boolean {
    return this.running && this.joined;
  }

  async start(): Promise<void> {
    await this.deadLetters.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic.name, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? DEFAULT_CONCURRENCY,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.running = true;
  }

  /** Finishes the record in hand, commits, and leaves the group so its partitions move at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.joined = false;
    await this.consumer.disconnect();
    await this.deadLetters.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let lastDone: string | undefined;
    let failed = false;
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        if (!(await this.process(batch.topic, batch.partition, message, { heartbeat, isRunning }))) break;
        resolveOffset(message.offset);
        lastDone = message.offset;
        await heartbeat();
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // Commit only what we still own (tulios/kafkajs#1046) and only what was handled.
      if (lastDone !== undefined && !isStale()) await this.commit(batch.topic, batch.partition, lastDone, failed);
    }
  }

  /** Handles one record; false when the listener stopped before it was done. */
  private async process(topic: string, partition: number, message: KafkaMessage, control: BatchControl): Promise<boolean> {
    const record = toListenerRecord(topic, partition, message);
    let value: T;
    try {
      value = decodeRecord(this.options.topic, message);
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      await this.deadLetter(record, message, error, error.reason);
      return true;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(value, record);
        return true;
      } catch (error) {
        const retriable = !isMessagingError(error) || error.retriable;
        if (!retriable || attempt >= this.retry.attempts) {
          await this.deadLetter(record, message, error as Error, retriable ? 'retries-exhausted' : 'non-retriable');
          return true;
        }
        const delayMs = backoffDelay(this.retry, attempt);
        this.logger.warn({ err: error, partition, offset: record.offset, attempt, delayMs }, 'Handler failed; retrying');
        if (!(await sleepWithHeartbeats(delayMs, control))) return false;
      }
    }
  }

  private async deadLetter(record: ListenerRecord, message: KafkaMessage, error: Error, reason: string): Promise<void> {
    await publishDeadLetter(this.deadLetters, {
      topic: record.topic,
      partition: record.partition,
      groupId: this.options.groupId,
      message,
      error,
      reason,
    });
    this.logger.warn(
      { partition: record.partition, offset: record.offset, key: record.key, reason, error: error.message },
      `Record dead-lettered to ${record.topic}.DLT`,
    );
  }

  private async commit(topic: string, partition: number, offset: string, afterFailure: boolean): Promise<void> {
    try {
      await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
    } catch (error) {
      // Losing a commit only means redelivery (at-least-once); when a failure is already on
      // its way up, that failure is the one worth reporting.
      if (!afterFailure) throw error;
      this.logger.warn({ err: error, partition, offset }, 'Commit failed; records will be redelivered');
    }
  }
}

function toListenerRecord(topic: string, partition: number, message: KafkaMessage): ListenerRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    key: message.key?.toString('utf8') ?? null,
    headers: decodeHeaders(message.headers),
  };
}

async function sleepWithHeartbeats(totalMs: number, { heartbeat, isRunning }: BatchControl): Promise<boolean> {
  const until = Date.now() + totalMs;
  while (Date.now() < until) {
    if (!isRunning()) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(HEARTBEAT_SLICE_MS, until - Date.now())));
    await heartbeat();
  }
  return isRunning();
}
