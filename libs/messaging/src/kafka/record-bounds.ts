// How many headers kafkajs may build for a record, and for a batch. A record's headers were all
// made into objects before any limit of the listener's looked at them: one zstd record of 2 KB
// holding 12 million empty headers (24 MB decompressed, no header bytes to count) ran a consumer
// out of heap, again at every restart (a hostile review). Past either bound a record keeps no
// headers and says how many it had, and the listener dead-letters it as too-large.

/** Far above the few a record carries (ids, trace context), and than a Spring stack trace adds. */
export const MAX_HEADERS_PER_RECORD = 4_096;
/** About 25 MB of header objects, whatever the batch's records are. */
export const MAX_HEADERS_PER_BATCH = 262_144;

const HEADERS_LEFT_OUT = Symbol('tacocloud.headersLeftOut');

/** Marks `record` as one whose `count` headers were not decoded. */
export function leaveHeadersOut<R extends object>(record: R, count: number): R {
  return Object.assign(record, { [HEADERS_LEFT_OUT]: count });
}

/** How many headers a record had that were not decoded; undefined when they all were. */
export function headersLeftOutOf(record: object): number | undefined {
  return (record as { [HEADERS_LEFT_OUT]?: number })[HEADERS_LEFT_OUT];
}
