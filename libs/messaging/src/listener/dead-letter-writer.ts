// Dead-letter writes in bounded time. The idempotent producer retries a send forever (it
// must not skip a batch), so a missing DLT or one without a leader would hold a partition
// with no sign of it. Here each wait is bounded; a send that outlives its wait stays the one
// awaited for that record, never sent twice; and a DLT partition that cannot be written is
// reported in one error line and counts against liveness until a dead letter is written to
// it again. Per partition: one DLT partition without a leader is not hidden by the others
// being fine, nor reported again each time one of them takes a letter; and a letter whose send
// failed after Kafka may have stored it is written before any other to its DLT partition.
import type { Producer } from 'kafkajs';
import { mayHaveBeenStored } from '../kafka/produce-outcome.js';
import type { Logger } from '../logger.js';
import { publishDeadLetter, type DeadLetter } from './dead-letter.js';

interface Pending {
  letter: DeadLetter;
  /** Its send, also after its wait ran out; undefined once a send failed and the letter must go again. */
  sending: Promise<void> | undefined;
}

type Settled = { outcome: 'written' } | { outcome: 'failed'; error: unknown } | { outcome: 'timed-out' };

export class DeadLetterWriter {
  /**
   * By partition: a record whose letter is not written holds its partition, so there is one at
   * most, and the letter keeps its partition number in the DLT. A letter Kafka may hold stays
   * here until it is written, even once its record has moved to another replica.
   */
  private readonly pending = new Map<string, Pending>();
  /** Since when each failing partition has failed. */
  private readonly failingSince = new Map<number, number>();

  constructor(
    private readonly producer: Producer,
    private readonly dlt: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** False while any partition's last write failed or outlived its wait. */
  get isWritable(): boolean {
    return this.failingSince.size === 0;
  }

  /** The letter already on its way for this record, from a try that did not see it written. */
  pendingFor(topic: string, partition: number, offset: string): DeadLetter | undefined {
    // Asked for every record; there is hardly ever a letter pending.
    if (this.pending.size === 0) return undefined;
    const letter = this.pending.get(`${topic}:${partition}`)?.letter;
    return letter?.message.offset === offset ? letter : undefined;
  }

  /**
   * Whether the letter is written within the timeout; a later call for the record awaits the
   * same send. A letter of another record that Kafka may hold goes first, and again until it is
   * written (see produce-outcome): this one waits until then.
   */
  async write(letter: DeadLetter): Promise<boolean> {
    // One timeout for the whole call, the earlier letter's wait included: the batch's heartbeat
    // timer keeps the group, but the records fetched with this one wait as long as this does.
    const deadline = performance.now() + this.timeoutMs;
    const key = `${letter.topic}:${letter.partition}`;
    const earlier = this.pending.get(key);
    if (earlier && earlier.letter.message.offset !== letter.message.offset && (await this.settle(key, earlier, deadline)) === 'waiting') {
      return false;
    }
    let entry = this.pending.get(key);
    // Another record's letter came first meanwhile: it goes before this one.
    if (entry && entry.letter.message.offset !== letter.message.offset) return false;
    if (!entry) this.pending.set(key, (entry = { letter, sending: undefined }));
    return (await this.settle(key, entry, deadline)) === 'written';
  }

  /** Sends the letter unless its send is on its way, and waits for it until the deadline. */
  private async settle(key: string, entry: Pending, deadline: number): Promise<'written' | 'refused' | 'waiting'> {
    entry.sending ??= this.send(entry.letter);
    const settled = await settleWithin(entry.sending, Math.max(0, deadline - performance.now()));
    if (settled.outcome === 'written') {
      this.pending.delete(key);
      this.recovered(entry.letter.partition);
      return 'written';
    }
    this.failed(entry.letter, settled);
    if (settled.outcome === 'timed-out') return 'waiting';
    if (mayHaveBeenStored(settled.error)) {
      entry.sending = undefined;
      return 'waiting';
    }
    this.pending.delete(key);
    return 'refused';
  }

  private send(letter: DeadLetter): Promise<void> {
    const sending = publishDeadLetter(this.producer, letter);
    // Also when nobody waits on it any more (its partition moved to another replica), a
    // letter written shows the DLT works again; a failure then is only observed.
    sending.then(
      () => this.recovered(letter.partition),
      () => undefined,
    );
    return sending;
  }

  /** On stop: sends still in flight are abandoned with the producer. */
  clear(): void {
    this.pending.clear();
  }

  private failed(letter: DeadLetter, settled: Exclude<Settled, { outcome: 'written' }>): void {
    if (this.failingSince.has(letter.partition)) return;
    this.failingSince.set(letter.partition, Date.now());
    const cause =
      settled.outcome === 'failed'
        ? (settled.error as Error).message
        : `Kafka acknowledged nothing within ${this.timeoutMs / 1000} s (does the topic exist, and has it a leader?)`;
    this.logger.error(
      {
        dlt: this.dlt,
        partition: letter.partition,
        offset: letter.message.offset,
        err: settled.outcome === 'failed' ? settled.error : undefined,
      },
      `Cannot write dead letters to ${this.dlt}: ${cause}. Partition ${letter.partition} of ${letter.topic} waits at offset ${letter.message.offset}, and the liveness check fails until a dead letter is written`,
    );
  }

  private recovered(partition: number): void {
    const since = this.failingSince.get(partition);
    if (since === undefined) return;
    this.failingSince.delete(partition);
    this.logger.info(
      { dlt: this.dlt, partition, failedForMs: Date.now() - since },
      `Dead letters are written to partition ${partition} of ${this.dlt} again`,
    );
  }
}

async function settleWithin(sending: Promise<void>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled>((resolve) => (timer = setTimeout(() => resolve({ outcome: 'timed-out' }), ms)));
  try {
    const settled = sending.then(
      (): Settled => ({ outcome: 'written' }),
      (error: unknown): Settled => ({ outcome: 'failed', error }),
    );
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
