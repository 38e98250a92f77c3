// Kafka record timestamps are whatever the producer wrote (any 64-bit number); a hostile or
// broken one must not throw while the listener describes the record.
export function isoTimestamp(epochMs: string): string {
  const date = new Date(Number(epochMs));
  return Number.isNaN(date.getTime()) ? epochMs : date.toISOString();
}

/**
 * isoTimestamp for the records of one batch: they mostly share their millisecond (a producer
 * batches them), so a listener catching up formats each millisecond once. One per batch, since
 * batches of several partitions are handled at once, interleaved.
 */
export class BatchTimestamps {
  private lastEpochMs: string | undefined;
  private lastIso = '';

  iso(epochMs: string): string {
    if (epochMs !== this.lastEpochMs) {
      this.lastIso = isoTimestamp(epochMs);
      this.lastEpochMs = epochMs;
    }
    return this.lastIso;
  }
}
