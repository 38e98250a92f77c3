// Kafka record timestamps are whatever the producer wrote (any 64-bit number); a hostile or
// broken one must not throw while the listener describes the record.
//
// Records fetched together mostly share their millisecond (a producer batches them), so the
// last one formatted is kept: a listener catching up formats each millisecond once.
let lastEpochMs: string | undefined;
let lastIso = '';

export function isoTimestamp(epochMs: string): string {
  if (epochMs === lastEpochMs) return lastIso;
  const date = new Date(Number(epochMs));
  lastIso = Number.isNaN(date.getTime()) ? epochMs : date.toISOString();
  lastEpochMs = epochMs;
  return lastIso;
}
