// Commits each partition's offsets in the background: once a batch is handled its offset is
// handed over and the partition's next batch goes on while the commit travels to the group
// coordinator. Awaited at the end of every batch, that round trip held the partition; a no-op
// listener read about 15 % more records a second without it (docs/benchmarks.md). One commit
// per partition is in flight at a time, so they land in order; a newer offset waiting behind
// it replaces an older one, which committing it covers.

/** Commits a partition's offset; settles (never rejects) once Kafka answered or the attempt failed. */
export type CommitOffset = (topic: string, partition: number, offset: string) => Promise<void>;

interface PartitionCommits {
  answered: Promise<void>;
  next: string | undefined;
}

export class OffsetCommits {
  private readonly partitions = new Map<string, PartitionCommits>();

  constructor(private readonly commit: CommitOffset) {}

  /** Commits `offset` after the partition's commit in flight, if any; an offset still waiting is dropped for it. */
  submit(topic: string, partition: number, offset: string): void {
    const key = `${topic}:${partition}`;
    const waiting = this.partitions.get(key);
    if (waiting) {
      waiting.next = offset;
      return;
    }
    const commits: PartitionCommits = { answered: Promise.resolve(), next: offset };
    this.partitions.set(key, commits);
    commits.answered = this.run(key, topic, partition, commits);
  }

  /**
   * Drops the offsets still waiting (not those in flight): after a rebalance the partitions may
   * be another member's, which an old offset committed late would set back (tulios/kafkajs#1046).
   */
  dropWaiting(): void {
    for (const commits of this.partitions.values()) commits.next = undefined;
  }

  /** Settles once every offset submitted so far was committed or failed. */
  async drain(): Promise<void> {
    await Promise.all(Array.from(this.partitions.values(), ({ answered }) => answered));
  }

  private async run(key: string, topic: string, partition: number, commits: PartitionCommits): Promise<void> {
    for (let offset = commits.next; offset !== undefined; offset = commits.next) {
      commits.next = undefined;
      await this.commit(topic, partition, offset);
    }
    this.partitions.delete(key);
  }
}
