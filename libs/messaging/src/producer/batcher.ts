// Coalesces concurrent sends into produce requests, as the Java producer does with linger.ms and
// batch.size: kafkajs has neither, and its idempotent producer allows one request in flight per
// broker, so one request per record would cap throughput at one record per round trip. A flush
// puts the waiting records of every idle partition led by the same broker into one sendBatch,
// one produce request: kafkajs settles a sendBatch only once every broker in it answered, so
// partitions of different brokers in one would all wait for the slowest, and for as long as a
// hung one hangs. Each caller still resolves only when its own record is acknowledged
// (acks = all), with its own partition and offset, or fails once the send timeout has passed.
import type { Message, Producer, RecordMetadata } from 'kafkajs';
import { isMessagingError, KafkaUnavailableError, ProducerBufferFullError, SendTimeoutError } from '../errors.js';
import { channels, publish } from '../events.js';
import { DEFAULT_SEND_TIMEOUT_MS } from '../kafka/producers.js';
import { leaderLookup, type LeaderOf } from '../kafka/partition-leaders.js';
import { mayHaveBeenStored } from '../kafka/produce-outcome.js';
import { silentLogger, type Logger } from '../logger.js';
import { Deadlines, type Deadline } from './deadlines.js';

export interface BatchingOptions {
  /** The longest a record waits for others to share its request (Java's linger.ms). */
  lingerMs: number;
  /** The wait ends sooner once no record has come for this long: a burst has passed. */
  quietMs?: number;
  /** Most records of one partition in one produce request. */
  maxBatchRecords: number;
  /** Most bytes of one partition in one produce request (Java's batch.size); at least one record goes. */
  maxBatchBytes: number;
  /** Records waiting or in flight before new sends fail fast (Java's buffer.memory). */
  maxBufferedRecords: number;
  /** A request slower than this, or failed, puts its partitions on requests of their own until one is quick again. */
  isolateAfterMs?: number;
}

/**
 * A record lingers up to 5 ms, Java's default since Kafka 4.0 (KIP-1030), but no more than 1 ms
 * after the last record came. kafkajs's idempotent producer sends one request at a time per
 * broker, so unlike Java's five in flight a linger adds its whole length to every round: callers
 * that each wait for their answer (HTTP clients) send nothing more until they get it, and their
 * burst of orders then waited out the full 5 ms for nobody. A steady stream keeps the linger going
 * and fills larger requests, which spares a busy broker. Measured (docs/benchmarks.md, "a shorter
 * linger"): at 64 connections order-api went from 9,000 to over 13,000 orders/s. Such callers
 * still idled out the quiet millisecond after their last order came; a round that is back whole
 * (roundIsBack) now goes at once: 12,500 to 17,000-19,600 orders/s, order-api's core busy all the
 * time instead of 71 % of it. A partition's batch is one record batch on the broker, which
 * refuses one above max.message.bytes (1 MB by default): 512 KB keeps well below it with room for
 * headers. 20,000 buffered records (~20 MB) bound memory while Kafka stalls; beyond them new
 * orders fail fast. An acks=all round trip takes milliseconds; one that took over a second waited
 * for kafkajs's retries (a leader moving, a broker down, back-off 100 ms to 1 s), so some
 * partition in it is in trouble.
 */
export const DEFAULT_BATCHING: Required<BatchingOptions> = {
  lingerMs: 5,
  quietMs: 1,
  maxBatchRecords: 1_000,
  maxBatchBytes: 512 * 1024,
  maxBufferedRecords: 20_000,
  isolateAfterMs: 1_000,
};

type Headers = NonNullable<Message['headers']>;

/** Bytes a record adds to a batch: key, value and headers, plus Kafka's per-record overhead. */
function sizeOf({ key, value, headers }: Message): number {
  let bytes = byteLength(key) + byteLength(value) + 32;
  for (const name in headers) bytes += Buffer.byteLength(name) + byteLength((headers as Headers)[name]);
  return bytes;
}

function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  return Buffer.isBuffer(data) ? data.length : 0;
}

export interface Placement {
  partition: number;
  offset: string;
}

interface Pending {
  message: Message & { partition: number };
  bytes: number;
  resolve: (placement: Placement) => void;
  reject: (error: unknown) => void;
  /** Set once the record left the queue for a request; before that it can be taken back. */
  sent: boolean;
  deadline: Deadline;
}

/**
 * One partition's records, at most one request in flight, in order, as idempotence requires.
 * A failing lane sends on its own, so while its leader fails over it holds back no other partition.
 */
interface Lane {
  topic: string;
  partition: number;
  queue: Pending[];
  /** A batch Kafka may or may not hold, to go again exactly as it was before anything else (see settle and send). */
  resend: Pending[] | undefined;
  /** When the resend may go (performance.now); a batch that failed waits a moment before it tries again. */
  resendAt: number;
  /** Requests of the batch now going again that failed: its first failure is logged, then its outcome. */
  failedTries: number;
  sending: boolean;
  failing: boolean;
}

/** How long a batch whose request failed waits before it goes again: kafkajs has already retried it. */
const RESEND_AFTER_FAILURE_MS = 1_000;

interface LaneBatch {
  lane: Lane;
  batch: Pending[];
  resent?: true;
}

export class RecordBatcher {
  private readonly lanes = new Map<string, Map<number, Lane>>();
  private readonly options: Required<BatchingOptions>;
  private readonly deadlines: Deadlines;
  private queued = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When the records now waiting began to linger, and when the last of them came (performance.now). */
  private lingerFrom = 0;
  private lastQueuedAt = 0;
  /** When the first record came since the batcher last had none waiting: no waiting record is older. */
  private firstQueuedAt = 0;
  /** Records answered since the batcher last had nothing in flight, and in the last such round. */
  private answeredThisRound = 0;
  private answeredLastRound = Infinity;
  private resendTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly producer: Producer,
    options: BatchingOptions = DEFAULT_BATCHING,
    private readonly sendTimeoutMs = DEFAULT_SEND_TIMEOUT_MS,
    private readonly logger: Logger = silentLogger,
    /** Kafka answered a request: also one whose callers' deadlines had passed, which says as much about Kafka. */
    private readonly onAnswered: () => void = () => undefined,
    /** Partitions are sent by leader; those whose leader it does not know share one sendBatch. */
    private readonly leaderOf: LeaderOf = leaderLookup(producer),
  ) {
    this.options = { ...DEFAULT_BATCHING, ...options };
    this.deadlines = new Deadlines(sendTimeoutMs);
  }

  /** Records waiting or in flight. */
  get buffered(): number {
    return this.queued + this.inFlight;
  }

  /** Sends nothing more, not even a batch waiting to go again: the producer is stopping. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.resendTimer);
  }

  /**
   * Queues a record: its placement once Kafka acknowledged it, or a retriable error. Past the send
   * timeout a record still queued is taken back and never sent (KafkaUnavailableError); one in
   * flight may still land (SendTimeoutError). The deadline lives here, with the record, so that a
   * send costs one promise rather than one here and another racing it against a timer.
   */
  enqueue(topic: string, message: Message & { partition: number }): Promise<Placement> {
    if (this.buffered >= this.options.maxBufferedRecords) {
      return Promise.reject(new ProducerBufferFullError(`${this.buffered} records are waiting for Kafka; not taking more`));
    }
    const lane = this.laneOf(topic, message.partition);
    let pending!: Pending;
    const placed = new Promise<Placement>((resolve, reject) => {
      const deadline = this.deadlines.add(() => this.expire(lane, pending));
      pending = { message, bytes: sizeOf(message), resolve, reject, sent: false, deadline };
    });
    lane.queue.push(pending);
    this.lastQueuedAt = performance.now();
    if (this.queued === 0) this.firstQueuedAt = this.lastQueuedAt;
    this.queued++;
    if (lane.queue.length >= this.options.maxBatchRecords || this.roundIsBack()) this.flush();
    else if (this.timer === undefined) {
      this.lingerFrom = this.lastQueuedAt;
      this.timer = setTimeout(this.lingered, Math.min(this.options.lingerMs, this.options.quietMs));
    }
    return placed;
  }

  /**
   * Callers that each wait for their answer before sending again (HTTP clients, a closed loop)
   * come back as many as the last round answered; once they all have, no one else is coming,
   * and lingering on would leave the producer idle for nobody.
   */
  private roundIsBack(): boolean {
    return this.inFlight === 0 && this.queued >= this.answeredLastRound;
  }

  private expire(lane: Lane, pending: Pending): void {
    if (pending.sent) {
      pending.reject(new SendTimeoutError(`Kafka did not acknowledge the record for ${lane.topic} within ${this.sendTimeoutMs} ms`));
      return;
    }
    // Deadlines pass in the order records came, so the one expiring is the oldest its lane holds:
    // shift() takes it in constant time, where a splice moved all the others: 20,000 records
    // expiring together while Kafka was away held the event loop about twice as long (100 ms).
    const index = lane.queue[0] === pending ? 0 : lane.queue.indexOf(pending);
    if (index === 0) lane.queue.shift();
    else if (index > 0) lane.queue.splice(index, 1);
    if (index >= 0) this.queued--;
    pending.reject(
      new KafkaUnavailableError(`Kafka took no record for ${lane.topic} within ${this.sendTimeoutMs} ms; this one was not sent`),
    );
  }

  /** Flushes once the linger is over or no record came for quietMs; until then looks again when one of them may be. */
  private readonly lingered = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const left = Math.min(this.options.lingerMs - (now - this.lingerFrom), this.options.quietMs - (now - this.lastQueuedAt));
    if (left > 0) this.timer = setTimeout(this.lingered, left);
    else this.flush();
  };

  private laneOf(topic: string, partition: number): Lane {
    let partitions = this.lanes.get(topic);
    if (!partitions) this.lanes.set(topic, (partitions = new Map()));
    let lane = partitions.get(partition);
    if (!lane)
      partitions.set(
        partition,
        (lane = { topic, partition, queue: [], resend: undefined, resendAt: 0, failedTries: 0, sending: false, failing: false }),
      );
    return lane;
  }

  /**
   * One request for the idle healthy lanes with records of each leader, one each for idle failing
   * lanes; busy lanes follow up when theirs settles, and a lane whose batch must go again sends
   * nothing before it.
   */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    const now = performance.now();
    let nextResendAt = Infinity;
    const byLeader = new Map<number | undefined, LaneBatch[]>();
    for (const partitions of this.lanes.values()) {
      for (const lane of partitions.values()) {
        if (lane.sending || (lane.queue.length === 0 && !lane.resend)) continue;
        if (lane.resend && lane.resendAt > now) {
          nextResendAt = Math.min(nextResendAt, lane.resendAt);
          continue;
        }
        if (lane.failing) {
          void this.send([this.take(lane)]);
          continue;
        }
        const leader = this.leaderOf(lane.topic, lane.partition);
        const shared = byLeader.get(leader);
        if (shared) shared.push(this.take(lane));
        else byLeader.set(leader, [this.take(lane)]);
      }
    }
    for (const shared of byLeader.values()) void this.send(shared);
    if (nextResendAt !== Infinity) {
      clearTimeout(this.resendTimer);
      this.resendTimer = setTimeout(() => this.flush(), nextResendAt - now).unref();
    }
  }

  /** Kafka may hold the batch: said once, with why, while it goes again and again (an outage may last). */
  private failedAgain(lane: Lane, records: number, failure: unknown): void {
    if (lane.failedTries++ > 0) return;
    this.logger.warn(
      { err: failure, topic: lane.topic, partition: lane.partition, records },
      `A produce request failed after Kafka may have stored it; its records go again, before anything else of ${lane.topic}:${lane.partition}, every ${RESEND_AFTER_FAILURE_MS / 1000} s until Kafka answers`,
    );
  }

  private storedAtLast(lane: Lane, records: number, failure: unknown): void {
    const tries = lane.failedTries + 1;
    lane.failedTries = 0;
    if (failure === undefined) {
      this.logger.info(
        { topic: lane.topic, partition: lane.partition, records, tries },
        `Kafka answered the batch of ${lane.topic}:${lane.partition} that went again`,
      );
    } else {
      this.logger.warn(
        { err: failure, topic: lane.topic, partition: lane.partition, records, tries },
        `Kafka refused the batch of ${lane.topic}:${lane.partition} that went again`,
      );
    }
  }

  /** The oldest records of a lane that fit one request, by count and by bytes, now in flight. */
  private take(lane: Lane): LaneBatch {
    lane.sending = true;
    if (lane.resend) {
      const batch = lane.resend;
      lane.resend = undefined;
      return { lane, batch, resent: true };
    }
    let count = 0;
    let bytes = 0;
    for (const pending of lane.queue) {
      bytes += pending.bytes;
      if (count >= this.options.maxBatchRecords || (count > 0 && bytes > this.options.maxBatchBytes)) break;
      count++;
    }
    const batch = lane.queue.splice(0, count);
    for (const pending of batch) pending.sent = true;
    this.queued -= batch.length;
    this.inFlight += batch.length;
    return { lane, batch };
  }

  private async send(batches: LaneBatch[]): Promise<void> {
    const started = performance.now();
    const records = batches.reduce((sum, { batch }) => sum + batch.length, 0);
    let results: RecordMetadata[] | undefined;
    let failure: unknown;
    try {
      results = await this.producer.sendBatch({ acks: -1, topicMessages: topicMessagesOf(batches) });
    } catch (error) {
      failure = error;
    }
    if (results !== undefined) this.onAnswered();
    const durationMs = performance.now() - started;
    const slow = durationMs > this.options.isolateAfterMs;
    let answered = records;
    for (const { lane, batch, resent } of batches) {
      const missing = results !== undefined && !settle(lane, batch, results, this.deadlines);
      lane.failing = slow || failure !== undefined || missing;
      lane.sending = false;
      // A batch Kafka may hold goes again, as it was, until Kafka answers it (see produce-outcome);
      // its callers wait for that or their deadline (which says it may still land).
      // kafkajs fails a whole request on one partition's refusal and takes back the sequence
      // numbers of all of them, after the broker may have stored the others: only a lane that went
      // alone can be sure the refusal was its own. Each lane of a shared request goes again alone.
      const mayBeStored = failure !== undefined && (batches.length > 1 || mayHaveBeenStored(failure));
      if (mayBeStored) this.failedAgain(lane, batch.length, failure);
      else if (lane.failedTries > 0 && !missing) this.storedAtLast(lane, batch.length, failure);
      if (mayBeStored || (missing && !resent)) {
        lane.resend = batch;
        lane.resendAt = mayBeStored ? performance.now() + RESEND_AFTER_FAILURE_MS : 0;
        answered -= batch.length;
        continue;
      }
      this.inFlight -= batch.length;
      lane.failedTries = 0;
      const error = missing ? new SendTimeoutError(`Kafka answered twice without an offset for ${lane.topic}:${lane.partition}`) : failure;
      if (error === undefined) continue;
      const reason = batches.length > 1 ? unconfirmed(lane, error) : notTaken(lane, error);
      for (const pending of batch) {
        this.deadlines.settle(pending.deadline);
        pending.reject(reason);
      }
    }
    this.answeredThisRound += answered;
    if (this.inFlight === 0) {
      this.answeredLastRound = this.answeredThisRound;
      this.answeredThisRound = 0;
    }
    publish(channels.produced, {
      topic: batches[0]!.lane.topic,
      partitions: batches.length,
      records,
      durationMs,
      ok: failure === undefined,
    });
    // A batch left out of Kafka's answer goes again at once, one that failed after a moment (flush
    // waits for it). Records that arrived while this request was in flight go
    // once the oldest of them has lingered, as any other: sent at once, under a steady stream each
    // request carried only what came in one round trip (about 8 records at 4,000 orders/s), and
    // order-api, the broker and the listener each paid for many more requests (docs/benchmarks.md,
    // "Session 19"). Callers in a closed loop still go as soon as their round is back (enqueue).
    if (batches.some(({ lane }) => lane.resend) || this.roundIsBack()) this.flush();
    else if (batches.some(({ lane }) => lane.queue.length > 0)) {
      clearTimeout(this.timer);
      this.lingerFrom = this.firstQueuedAt;
      this.lingered();
    }
  }
}

/**
 * kafkajs sends a request of several partitions to each leader and fails the whole call when one
 * broker fails, after others may have stored theirs: a record in such a request may be in Kafka.
 */
function unconfirmed(lane: Lane, error: unknown): unknown {
  if (error instanceof SendTimeoutError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new SendTimeoutError(`Kafka did not confirm the record for ${lane.topic}:${lane.partition} (${reason}); it may be stored`, {
    cause: error,
  });
}

/** kafkajs's own errors (retries exhausted, a non-retriable protocol error) as ours. */
function notTaken(lane: Lane, error: unknown): unknown {
  if (isMessagingError(error)) return error;
  return new KafkaUnavailableError(`Kafka did not take the record for ${lane.topic}: ${(error as Error).message}`, { cause: error });
}

/** The request's records grouped by topic; kafkajs sends each partition's as one record batch. */
function topicMessagesOf(batches: LaneBatch[]): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const { lane, batch } of batches) {
    let messages = byTopic.get(lane.topic);
    if (!messages) byTopic.set(lane.topic, (messages = []));
    for (const pending of batch) messages.push(pending.message);
  }
  return Array.from(byTopic, ([topic, messages]) => ({ topic, messages }));
}

/**
 * Resolves each record of a lane's batch with its offset (a partition's records are appended in
 * order from its base offset), or returns false when Kafka's answer has no offset for the
 * partition. kafkajs can leave one out: when a broker fails its part of a request, kafkajs retries
 * only the brokers that have not answered, so a partition whose leader moved to one that had
 * already answered is never sent again. Its batch then goes again, alone and exactly as it was:
 * kafkajs rolled its sequence number back, so if the first attempt did reach Kafka the broker
 * recognises the duplicate and answers with the original offsets instead of writing it twice.
 */
function settle(lane: Lane, batch: Pending[], results: RecordMetadata[], deadlines: Deadlines): boolean {
  const result = results.find((r) => r.partition === lane.partition && r.topicName === lane.topic);
  const base = result ? BigInt(result.baseOffset ?? result.offset ?? '-1') : -1n;
  if (base < 0n) return false;
  // Offsets are 64-bit; a double holds them exactly far beyond any real log, and costs no BigInt per record.
  const first = Number(base);
  const exact = Number.isSafeInteger(first + batch.length);
  batch.forEach((pending, index) => {
    deadlines.settle(pending.deadline);
    pending.resolve({ partition: lane.partition, offset: exact ? String(first + index) : (base + BigInt(index)).toString() });
  });
  return true;
}
