// Commits handled offsets in the background: once a batch is handled its offset is handed over
// and the partition's next batch goes on while the commit travels to the group coordinator.
// Awaited at the end of every batch, that round trip held the partition; a no-op listener read
// about 15 % more records a second without it (docs/benchmarks.md). One commit request is in
// flight at a time, for every partition at once: it leaves once the batches of the fetch in
// hand are handled (kafkajs hands them over without waiting on I/O between them), and the
// offsets handed over while it travels wait, the newest of each partition replacing older ones,
// for the next. A request per partition and batch made the broker answer four OffsetCommits per
// fetch, more than every other request of an end-to-end run (docs/benchmarks.md, "Session 18").

export interface HandledOffset {
  topic: string;
  partition: number;
  /** The last handled record's offset (Kafka is told the one after it). */
  offset: string;
}

/** Commits these offsets in one request; settles (never rejects) once Kafka answered or the attempt failed. */
export type CommitOffsets = (offsets: HandledOffset[]) => Promise<void>;

export class OffsetCommits {
  private readonly waiting = new Map<string, HandledOffset>();
  private inFlight: Promise<void> | undefined;

  constructor(private readonly commit: CommitOffsets) {}

  /** Commits `offset` with the next request, replacing an offset of the partition still waiting. */
  submit(topic: string, partition: number, offset: string): void {
    this.waiting.set(`${topic}:${partition}`, { topic, partition, offset });
    this.inFlight ??= this.run();
  }

  /**
   * Drops the offsets still waiting (not those in flight): after a rebalance the partitions may
   * be another member's, which an old offset committed late would set back (tulios/kafkajs#1046).
   */
  dropWaiting(): void {
    this.waiting.clear();
  }

  /** Settles once every offset submitted so far was committed or failed. */
  async drain(): Promise<void> {
    await this.inFlight;
  }

  private async run(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.size > 0) {
      const offsets = Array.from(this.waiting.values());
      this.waiting.clear();
      await this.commit(offsets);
    }
    this.inFlight = undefined;
  }
}
