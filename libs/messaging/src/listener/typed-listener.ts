// The @KafkaListener analog: consumes a declared topic in a consumer group, decodes and
// validates each record, calls the handler, and commits an offset only once the record
// was handled or dead-lettered. Records of one partition are handled strictly in order;
// a partition that backs off is paused, so it never holds back the others. A partition
// whose dead letter cannot be written waits at that record, paused, and fails liveness.
import { createHash } from 'node:crypto';
import { DLT_SUFFIX, Headers, maskCardNumbers } from '@tacocloud/contract';
import type { Attributes } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { InvalidMessageError, PoisonReason } from '../errors.js';
import { channels, publish } from '../events.js';
import { DEFAULT_SEND_TIMEOUT_MS, idempotentProducer } from '../kafka/producers.js';
import { settledWithin } from '../kafka/settle.js';
import { childLogger, silentLogger, type Logger } from '../logger.js';
import { decodeHeaders } from '../codec/index.js';
import type { ReadableTopic } from '../topics/declaration.js';
import type { DeadLetter } from './dead-letter.js';
import { DeadLetterWriter } from './dead-letter-writer.js';
import { decodeRecord, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_VALUE_BYTES, type RecordLimits } from './decode.js';
import { DedupeWindow } from './dedupe-window.js';
import { GroupMembership, type Assignment } from './group-membership.js';
import { KafkaLiveness } from './liveness.js';
import { OffsetCommits, type HandledOffset } from './offset-commits.js';
import { PartitionBackoff } from './partition-backoff.js';
import type { ListenerRecord, MessageHandler } from './record.js';
import { IsoTimestamps } from '../timestamps.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { contextFromHeaders, inSpan, SpanKind } from '../tracing/trace-context.js';

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
  /** A replica silent this long is dropped from the group and its partitions move (default 10 s). */
  sessionTimeoutMs?: number;
  /** Larger record values are dead-lettered as too-large. */
  maxValueBytes?: number;
  /** Records with more header bytes (names and values) are dead-lettered as too-large. */
  maxHeaderBytes?: number;
  /** How long one dead-letter write may wait for Kafka before the partition backs off and liveness fails. */
  deadLetterTimeoutMs?: number;
  /** How many recent message ids to remember to skip redelivered duplicates (0 turns it off). */
  dedupeWindow?: number;
  /**
   * The id a duplicate is known by, from the validated value (an OrderPlaced's eventId); the
   * record's message-id header when absent. A header is only what a producer says: one that sent
   * a constant message id made every order after its first a skipped duplicate (a hostile review).
   */
  messageIdOf?: (value: T) => string;
  /** Most bytes of one fetch, and of one partition in it: kafkajs's by default; LOW_MEMORY_FETCH says what they trade. */
  fetch?: Partial<ListenerFetchLimits>;
  /**
   * Called before offsets are committed, e.g. to write out buffered log lines: a replica killed
   * right after a commit then cannot lose the lines of the records that commit covers.
   */
  beforeCommit?: () => void;
  /**
   * Called when the consumer crashed with an error kafkajs will not restart from: the
   * listener has stopped consuming, so the process should exit and be restarted.
   */
  onFatal?: (error: Error) => void;
  /** Called once when Kafka has been silent for `unreachableTimeoutMs`; e.g. exit so a supervisor restarts us. */
  onUnreachable?: (silentForMs: number) => void;
  unreachableTimeoutMs?: number;
}

export interface ListenerFetchLimits {
  maxBytes: number;
  maxBytesPerPartition: number;
}

export interface ListenerStats {
  handled: number;
  retried: number;
  deadLettered: number;
  duplicates: number;
  /** Dead-letter writes that failed or outlived their wait; each record is tried again. */
  deadLetterFailures: number;
}

/** What a listener does unless told otherwise; apps take their config defaults from here. */
export const LISTENER_DEFAULTS = {
  /** A member of a group gets 6 / replicas partitions; handling 3 at once keeps 2 cores busy. */
  partitionsConsumedConcurrently: 3,
  /** Remembers about a minute of orders at 150/s; ids are kept at 128 characters at most (dedupeKeyOf), so this costs 1-3 MB. */
  dedupeWindow: 10_000,
  /**
   * A crashed replica's partitions wait this long before moving to the others. kafkajs's 30 s
   * default leaves orders unhandled for half a minute; 10 s (Kafka's own default before 3.0)
   * still rides out a GC pause or a busy machine, since heartbeats continue during handlers.
   */
  sessionTimeoutMs: 10_000,
  maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
  retry: DEFAULT_RETRY_POLICY,
  /**
   * kafkajs's own (10 MB a fetch, 1 MB a partition, as Kafka's Java consumer takes 1 MB of a
   * partition): a service embedding the listener waits on no more fetches than raw kafkajs would.
   * One with a memory budget takes LOW_MEMORY_FETCH, as order-listener does.
   */
  fetch: { maxBytes: 10 * 1024 * 1024, maxBytesPerPartition: 1024 * 1024 },
} as const;
/**
 * Fetch limits for a replica with a memory budget. A fetch's records are decoded at once and live
 * until its batches are handled. At kafkajs's sizes six partitions' records outgrew V8's young
 * generation (the apps run with --max-semi-space-size=16), were promoted, and the response buffers
 * they point into waited for a mark-compact: order-listener peaked at ~250-260 MB, at these sizes
 * ~150-160 MB. The price is more fetches, each awaited: order-listener, a process on one core,
 * gained little or nothing from larger fetches in most runs, while the listener in a process with
 * both cores ran about a sixth slower at these sizes (docs/benchmarks.md). A record larger than
 * either limit still comes back alone in its fetch (KIP-74).
 */
export const LOW_MEMORY_FETCH: ListenerFetchLimits = Object.freeze({ maxBytes: 1_536 * 1024, maxBytesPerPartition: 256 * 1024 });
/** Within the apps' 30 s shutdown grace, with room for the dead-letter producer. */
const COMMIT_DRAIN_TIMEOUT_MS = 5_000;
const CONSUMER_STOP_TIMEOUT_MS = 15_000;
const PRODUCER_STOP_TIMEOUT_MS = 5_000;
/** Heartbeat this often while a handler or dead-letter write runs, well inside the session timeout (6 s at least). */
const HEARTBEAT_EVERY_MS = 1_000;
/**
 * A DLT that cannot be written needs an operator (create it, raise its max.message.bytes,
 * grant the write); trying again every 5 s costs little and resumes soon after the fix.
 */
const DEAD_LETTER_RETRY_MS = 5_000;
/** Enough of a poison record's key or error to find it; the record itself is in the DLT. */
const LOGGED_TEXT_CHARS = 300;

/**
 * Text whoever wrote the record chose (its key, a header, an error quoting either), fit for a log
 * line: masked whole, then cut. Cut first, a card number across the cut kept 15 of its digits.
 */
function loggable(text: string): string {
  return maskCardNumbers(text).slice(0, LOGGED_TEXT_CHARS);
}

/** A handler's stack, enough to find where it failed. */
const MAX_LOGGED_STACK_CHARS = 4_000;

/** Longest message id the duplicate window keeps as it is; ours are UUIDs. */
const MAX_KEPT_ID_CHARS = 128;

/**
 * A message id as the duplicate window keeps it: a longer one by its SHA-256. Kept whole, ids of
 * 30 KB (the headers' limit allows them) held 180 MB in a window of 10,000 (a hostile review).
 */
function dedupeKeyOf(messageId: string): string {
  return messageId.length <= MAX_KEPT_ID_CHARS ? messageId : `sha256:${createHash('sha256').update(messageId).digest('hex')}`;
}

type Outcome = 'done' | 'backing-off';

/** What each record of a batch shares. */
interface BatchInHand {
  topic: string;
  partition: number;
  payload: EachBatchPayload;
  timestamps: IsoTimestamps;
  spanAttributes: Attributes;
}

export class TypedListener<T> {
  readonly stats: ListenerStats = { handled: 0, retried: 0, deadLettered: 0, duplicates: 0, deadLetterFailures: 0 };
  private readonly consumer: Consumer;
  private readonly deadLetters: Producer;
  private readonly deadLetterWriter: DeadLetterWriter;
  private readonly limits: RecordLimits;
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private readonly backoff = new PartitionBackoff();
  private readonly commits = new OffsetCommits((offsets) => this.commit(offsets));
  private readonly attempts = new Map<string, number>();
  private readonly seen: DedupeWindow;
  private readonly liveness: KafkaLiveness | undefined;
  private running = false;
  private readonly membership: GroupMembership;
  private lastFetchAt: number | undefined;

  constructor(private readonly options: TypedListenerOptions<T>) {
    this.logger = childLogger(options.logger ?? silentLogger, { topic: options.topic.name, groupId: options.groupId });
    this.retry = { ...LISTENER_DEFAULTS.retry, ...options.retry };
    this.seen = new DedupeWindow(options.dedupeWindow ?? LISTENER_DEFAULTS.dedupeWindow);
    const sessionTimeoutMs = options.sessionTimeoutMs ?? LISTENER_DEFAULTS.sessionTimeoutMs;
    this.membership = new GroupMembership(sessionTimeoutMs);
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // A fetch returns as soon as records arrive; when idle it waits at most 1 s, which is
      // also how long a shutdown may wait for the fetch in flight (kafkajs's default is 5 s).
      maxWaitTimeInMs: 1_000,
      ...LISTENER_DEFAULTS.fetch,
      ...options.fetch,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.floor(sessionTimeoutMs / 4),
    });
    this.deadLetters = idempotentProducer(options.kafka);
    // As long as a send may wait for an acknowledgement: a broker's loss is ridden out, not reported.
    const deadLetterTimeoutMs = options.deadLetterTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.deadLetterWriter = new DeadLetterWriter(this.deadLetters, `${options.topic.name}${DLT_SUFFIX}`, deadLetterTimeoutMs, this.logger);
    this.limits = {
      maxValueBytes: options.maxValueBytes ?? LISTENER_DEFAULTS.maxValueBytes,
      maxHeaderBytes: options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
    };
    if (options.onUnreachable && options.unreachableTimeoutMs) {
      this.liveness = new KafkaLiveness(options.unreachableTimeoutMs, options.onUnreachable);
    }
    this.watchConsumer();
  }

  /** True while consuming and a member of the group (GroupMembership says when kafkajs's word is not enough). */
  get isReady(): boolean {
    return this.running && this.membership.isMember;
  }

  /** The partitions this replica owns, by topic; none while it is not in the group. */
  get assignedPartitions(): Assignment {
    return this.membership.partitions;
  }

  /** Seconds since the consumer last finished a fetch; undefined before the first. */
  get secondsSinceLastFetch(): number | undefined {
    return this.lastFetchAt === undefined ? undefined : (Date.now() - this.lastFetchAt) / 1000;
  }

  /** False while dead letters cannot be written: a partition is stuck until the DLT takes one. */
  get isLive(): boolean {
    return this.deadLetterWriter.isWritable;
  }

  async start(): Promise<void> {
    await this.deadLetters.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic.name, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? LISTENER_DEFAULTS.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.running = true;
    this.liveness?.start();
  }

  /** Finishes the record in hand, commits, and leaves the group so its partitions move at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.membership.left();
    this.liveness?.stop();
    this.backoff.cancelAll();
    this.deadLetterWriter.clear();
    // Before the group is left: a commit that comes after it is refused.
    await settledWithin(this.commits.drain(), COMMIT_DRAIN_TIMEOUT_MS);
    // While Kafka is down kafkajs may wait for dead brokers forever; the record in hand is
    // then simply redelivered (its offset is not committed).
    if (!(await settledWithin(this.consumer.disconnect(), CONSUMER_STOP_TIMEOUT_MS))) {
      this.logger.warn(`Kafka did not let the consumer leave its group within ${CONSUMER_STOP_TIMEOUT_MS / 1000} s; stopping anyway`);
    }
    await settledWithin(this.deadLetters.disconnect(), PRODUCER_STOP_TIMEOUT_MS);
  }

  private watchConsumer(): void {
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.membership.joinedWith(payload.memberAssignment);
      this.liveness?.contact();
      // A new generation: every partition restarts from its committed offset.
      this.backoff.resumeAll();
      this.attempts.clear();
      this.logger.info({ memberId: payload.memberId, assignment: payload.memberAssignment }, 'Joined consumer group');
    });
    // Between a rebalance and the next join the replica owns nothing and consumes nothing.
    this.consumer.on(events.REBALANCING, () => {
      this.membership.left();
      this.commits.dropWaiting();
    });
    this.consumer.on(events.FETCH, () => {
      this.lastFetchAt = Date.now();
      this.contact();
    });
    this.consumer.on(events.HEARTBEAT, () => this.contact());
    this.consumer.on(events.CRASH, ({ payload }) => {
      this.membership.left();
      this.logger.error({ err: payload.error, restart: payload.restart }, 'Consumer crashed');
      if (!payload.restart) this.options.onFatal?.(payload.error);
    });
  }

  private contact(): void {
    this.membership.contact();
    this.liveness?.contact();
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition, highWatermark } = batch;
    publish(channels.fetched, {
      topic,
      partition,
      groupId: this.options.groupId,
      highWatermark,
      firstOffset: batch.firstOffset() ?? highWatermark,
    });
    let lastDone: string | undefined;
    // One timer for the whole batch keeps the membership alive through slow handlers,
    // dead-letter writes and long batches alike, instead of a heartbeat call per record. A
    // heartbeat that fails (a rebalance under way) ends the batch at the next record, as an
    // awaited heartbeat would, so kafkajs rejoins instead of handling partitions it may lose.
    let heartbeatFailure: unknown;
    const inHand: BatchInHand = {
      topic,
      partition,
      payload,
      timestamps: new IsoTimestamps(),
      // The same for every record of the batch: made once, as the tracer only reads them.
      spanAttributes: Object.freeze({
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': topic,
        'messaging.destination.partition.id': String(partition),
        'messaging.consumer.group.name': this.options.groupId,
      }),
    };
    const beat = setInterval(() => void heartbeat().catch((error: unknown) => (heartbeatFailure ??= error)), HEARTBEAT_EVERY_MS);
    try {
      for (const message of batch.messages) {
        if (heartbeatFailure !== undefined) throw heartbeatFailure;
        if (!isRunning() || isStale()) break;
        if ((await this.process(inHand, message)) === 'backing-off') break;
        lastDone = message.offset;
      }
    } finally {
      clearInterval(beat);
      // Where kafkajs fetches this partition from next; nothing reads it while the batch runs,
      // so once per batch does what once per record did, without a Long per record.
      if (lastDone !== undefined) resolveOffset(lastDone);
      // Commit only what we still own (tulios/kafkajs#1046) and only what was handled.
      if (lastDone !== undefined && !isStale()) {
        this.commits.submit(topic, partition, lastDone);
        // Stopping: kafkajs leaves the group once this batch returns.
        if (!this.running) await this.commits.drain();
      }
    }
  }

  private async process(inHand: BatchInHand, message: KafkaMessage): Promise<Outcome> {
    const { topic, partition, payload } = inHand;
    const { groupId } = this.options;
    const unwritten = this.deadLetterWriter.pendingFor(topic, partition, message.offset);
    if (unwritten) return this.deadLetter(unwritten, payload);
    const record = toListenerRecord(topic, partition, message, inHand.timestamps);
    let value: T;
    try {
      value = decodeRecord(this.options.topic, message, this.limits, record.headers);
    } catch (error) {
      // Decoding is pure: what fails once fails on every redelivery, so even a failure no
      // check names goes to the DLT rather than stop the partition (or the replica) for good.
      const poison =
        error instanceof InvalidMessageError
          ? error
          : new InvalidMessageError(`Record could not be decoded: ${(error as Error).message}`, [], {
              cause: error,
              reason: PoisonReason.Undecodable,
            });
      return this.deadLetter({ topic, partition, groupId, message, error: poison, reason: poison.reason, attempts: 0 }, payload);
    }
    const messageId = this.options.messageIdOf ? this.options.messageIdOf(value) : record.headers[Headers.messageId];
    const seenAs = messageId === undefined ? undefined : dedupeKeyOf(messageId);
    if (seenAs !== undefined && this.seen.has(seenAs)) {
      this.stats.duplicates++;
      publish(channels.duplicate, { topic, partition, offset: message.offset, groupId, messageId });
      this.logger.info(
        { partition, offset: record.offset, messageId: loggable(messageId!) },
        'Skipped a duplicate of a message already handled',
      );
      return 'done';
    }
    // Only a record that failed before has a count: most records never build its key.
    const attempt = this.attempts.size === 0 ? 1 : (this.attempts.get(attemptKeyOf(topic, partition, message.offset)) ?? 0) + 1;
    const started = Date.now();
    try {
      // A CONSUMER span continuing the producer's trace (the record's traceparent header).
      const spanOptions = { kind: SpanKind.CONSUMER, parent: contextFromHeaders(record.headers), attributes: inHand.spanAttributes };
      await inSpan(`process ${topic}`, spanOptions, (span) => {
        if (span.isRecording()) span.setAttribute('messaging.kafka.offset', Number(message.offset));
        return this.options.handler(value, record);
      });
      if (attempt > 1) this.attempts.delete(attemptKeyOf(topic, partition, message.offset));
      if (seenAs !== undefined) this.seen.add(seenAs);
      this.stats.handled++;
      if (channels.handled.hasSubscribers) {
        publish(channels.handled, { topic, partition, offset: message.offset, groupId, durationMs: Date.now() - started });
      }
      return 'done';
    } catch (thrown) {
      const error = asError(thrown);
      // Any error marked `retriable: false` (RejectedMessageError, or a caller's own) skips the retries.
      const retriable = (thrown as { retriable?: unknown } | undefined)?.retriable !== false;
      if (!retriable || attempt >= this.retry.attempts) {
        this.attempts.delete(attemptKeyOf(topic, partition, message.offset));
        // Not remembered as seen: a replay from the DLT must be handled, not skipped.
        const reason = retriable ? 'retries-exhausted' : 'non-retriable';
        return this.deadLetter({ topic, partition, groupId, message, error, reason, attempts: attempt }, payload);
      }
      this.attempts.set(attemptKeyOf(topic, partition, message.offset), attempt);
      const delayMs = backoffDelay(this.retry, attempt);
      this.stats.retried++;
      publish(channels.retried, { topic, partition, offset: message.offset, groupId, attempt, delayMs, error });
      // Masked and cut as for a dead letter: a handler's error may quote the record it failed on.
      this.logger.warn(
        {
          errorType: error.name,
          error: loggable(error.message),
          stack: maskCardNumbers(error.stack ?? '').slice(0, MAX_LOGGED_STACK_CHARS),
          partition,
          offset: record.offset,
          attempt,
          delayMs,
        },
        'Handler failed; retrying after back-off',
      );
      this.backoff.pause(topic, partition, delayMs, payload.pause);
      return 'backing-off';
    }
  }

  /** Done once the letter is written; otherwise the partition backs off and the record is tried again. */
  private async deadLetter(letter: DeadLetter, payload: EachBatchPayload): Promise<Outcome> {
    const { topic, partition, message, error, reason, attempts } = letter;
    if (!(await this.deadLetterWriter.write(letter))) {
      this.stats.deadLetterFailures++;
      this.backoff.pause(topic, partition, DEAD_LETTER_RETRY_MS, payload.pause);
      return 'backing-off';
    }
    this.stats.deadLettered++;
    publish(channels.deadLettered, { topic, partition, offset: message.offset, groupId: this.options.groupId, reason, attempts });
    // Whoever wrote the record chose its key and much of the error (a header's value, a piece
    // of the value): bounded, and with any card number masked, before it reaches a log line.
    this.logger.warn(
      {
        partition,
        offset: message.offset,
        key: message.key ? loggable(message.key.toString('utf8')) : null,
        reason,
        attempts,
        error: loggable(error.message),
      },
      `Record dead-lettered to ${topic}${DLT_SUFFIX}`,
    );
    return 'done';
  }

  /** Commits past `offset`, the last record handled; a commit that fails is logged, and its records come again. */
  private async commit(offsets: HandledOffset[]): Promise<void> {
    try {
      this.options.beforeCommit?.();
    } catch (error) {
      // Logs that cannot be written (stdout closed) must not stop the orders from being committed.
      this.logger.warn({ err: error }, 'beforeCommit failed; committing anyway');
    }
    try {
      await this.consumer.commitOffsets(
        offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: (BigInt(offset) + 1n).toString() })),
      );
    } catch (error) {
      // Losing a commit only means redelivery (at-least-once). A rebalance that refused it is
      // found by the next heartbeat, as kafkajs heartbeats between fetches and we within batches.
      this.logger.warn({ err: error, offsets }, 'Commit failed; records will be redelivered');
    }
  }
}

function attemptKeyOf(topic: string, partition: number, offset: string): string {
  return `${topic}:${partition}:${offset}`;
}

function toListenerRecord(topic: string, partition: number, message: KafkaMessage, timestamps: IsoTimestamps): ListenerRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: timestamps.iso(message.timestamp),
    key: message.key?.toString('utf8') ?? null,
    headers: decodeHeaders(message.headers),
  };
}

/**
 * What a handler threw, as an Error: plain JavaScript may throw a string or any object, and the
 * dead letter reads a name and a message (a string or an object without them failed its write,
 * and held the partition for good). Only a string says what it is; the rest is named by its type.
 */
function asError(thrown: unknown): Error {
  // By shape: an Error of another realm (a vm context) is no instance of this one's, and an
  // Error whose message was made something else than text would fail the letter as well.
  const errorLike = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as Partial<Error>;
  if (typeof errorLike.name === 'string' && typeof errorLike.message === 'string') return thrown as Error;
  const message =
    typeof thrown === 'string' ? thrown : `The handler threw a value that is not an Error (${thrown === null ? 'null' : typeof thrown})`;
  return new Error(message, { cause: thrown });
}
