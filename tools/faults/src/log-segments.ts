// Reads a broker's own log segments on disk: which record batch holds an offset, when the
// leader appended it (the batch's LogAppendTime) and whether it holds a given value. A
// SIGKILLed broker's files are still there (written, if not yet flushed, through the page
// cache), so this says what each broker held when it died, without asking a live one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from './order-load.js';

export interface LoggedBatch {
  baseOffset: bigint;
  lastOffset: bigint;
  /** The batch's max timestamp: with LogAppendTime, when the leader appended it (epoch ms). */
  maxTimestamp: number;
  logAppendTime: boolean;
  /** Key, value and headers of every record, as stored (our topics are not compressed). */
  bytes: Buffer;
}

/** Record batch v2 header (Kafka's DefaultRecordBatch): offsets of the fields we read. */
const LENGTH_AT = 8;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const MAX_TIMESTAMP_AT = 35;
const HEADER_BYTES = 61;
/** The batch length field counts the bytes after it. */
const LOG_OVERHEAD = 12;
const TIMESTAMP_TYPE_BIT = 0x08;

/** The batch holding `offset` in a partition directory (`<data dir>/<topic>-<partition>`), if any. */
export function findBatch(partitionDir: string, offset: bigint): LoggedBatch | undefined {
  let segments: string[];
  try {
    segments = readdirSync(partitionDir).filter((name) => name.endsWith('.log'));
  } catch {
    return undefined;
  }
  // A segment is named after its first offset: the last one starting at or before `offset`.
  const segment = segments
    .map((name) => ({ name, base: BigInt(name.slice(0, -'.log'.length)) }))
    .filter(({ base }) => base <= offset)
    .sort((a, b) => (a.base < b.base ? 1 : -1))[0];
  if (!segment) return undefined;
  return batchesOf(readFileSync(join(partitionDir, segment.name))).find((b) => b.baseOffset <= offset && offset <= b.lastOffset);
}

/** The batch of a broker's log (its data dir) holding an order answered 202, where its receipt put it, if that broker has it. */
export function batchHoldingOrder(dataDir: string, topic: string, answer: Answer): LoggedBatch | undefined {
  if (answer.partition === undefined || answer.offset === undefined || answer.orderId === undefined) return undefined;
  const batch = findBatch(join(dataDir, `${topic}-${answer.partition}`), BigInt(answer.offset));
  return batch?.bytes.includes(Buffer.from(answer.orderId)) ? batch : undefined;
}

/** Every complete batch of a segment file; a batch still being written at the end is left out. */
export function batchesOf(file: Buffer): LoggedBatch[] {
  const batches: LoggedBatch[] = [];
  for (let at = 0; at + HEADER_BYTES <= file.length;) {
    const length = file.readInt32BE(at + LENGTH_AT);
    const end = at + LOG_OVERHEAD + length;
    // Preallocated (zeroed) space or a torn write: nothing valid follows.
    if (length < HEADER_BYTES - LOG_OVERHEAD || end > file.length) break;
    const baseOffset = file.readBigInt64BE(at);
    batches.push({
      baseOffset,
      lastOffset: baseOffset + BigInt(file.readInt32BE(at + LAST_OFFSET_DELTA_AT)),
      maxTimestamp: Number(file.readBigInt64BE(at + MAX_TIMESTAMP_AT)),
      logAppendTime: (file.readInt16BE(at + ATTRIBUTES_AT) & TIMESTAMP_TYPE_BIT) !== 0,
      bytes: file.subarray(at + HEADER_BYTES, end),
    });
    at = end;
  }
  return batches;
}
