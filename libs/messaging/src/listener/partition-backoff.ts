// Non-blocking back-off: a partition whose handler must wait before the next try is paused
// and resumed by a timer, while the listener keeps fetching and handling the other
// partitions. Its unresolved records are fetched again on resume, in order.
interface PendingResume {
  timer: NodeJS.Timeout;
  resume: () => void;
}

export class PartitionBackoff {
  private readonly pending = new Map<string, PendingResume>();

  /** Pauses (with the pause function kafkajs gives eachBatch) and resumes after `delayMs`. */
  pause(topic: string, partition: number, delayMs: number, pause: () => () => void): void {
    const key = `${topic}:${partition}`;
    const earlier = this.pending.get(key);
    if (earlier) clearTimeout(earlier.timer);
    const resume = pause();
    const timer = setTimeout(() => {
      this.pending.delete(key);
      resume();
    }, delayMs);
    this.pending.set(key, { timer, resume });
  }

  /** On a rebalance: every partition is fetched afresh from its committed offset. */
  resumeAll(): void {
    for (const { timer, resume } of this.pending.values()) {
      clearTimeout(timer);
      resume();
    }
    this.pending.clear();
  }

  /** On stop: nothing is resumed, the consumer is leaving. */
  cancelAll(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
