// Kafka record timestamps are whatever the producer wrote (any 64-bit number); a hostile or
// broken one must not throw while the listener describes the record.
export function isoTimestamp(epochMs: string): string {
  const date = new Date(Number(epochMs));
  return Number.isNaN(date.getTime()) ? epochMs : date.toISOString();
}
