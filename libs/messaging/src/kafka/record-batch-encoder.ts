// One uncompressed Kafka record batch (v2, "magic 2") encoded into a buffer of exactly its size,
// its records copied once. kafkajs's own (recordBatch/v0) wrote them into a 512-byte buffer that
// it grew by doubling, zero-filled and copied each time, then copied the whole batch twice more
// into two further buffers: for a 1,000-record request, several MB allocated, zeroed and copied
// per partition. The bytes are the same; a unit test compares them with kafkajs's encoder.

/** What kafkajs's produce request hands its record batch encoder. */
export interface RecordBatchFields {
  compression?: unknown;
  firstOffset?: unknown;
  firstTimestamp?: unknown;
  maxTimestamp?: unknown;
  partitionLeaderEpoch?: unknown;
  lastOffsetDelta?: unknown;
  transactional?: unknown;
  producerId?: unknown;
  producerEpoch?: unknown;
  firstSequence?: unknown;
  records?: unknown;
}

/** kafkajs's Encoder as far as its users read one: the bytes are buf[0, offset). */
export interface Encoded {
  buf: Buffer;
  offset: number;
}

const MAGIC = 2;
const NO_COMPRESSION = 0;
const TRANSACTIONAL_BIT = 0x10;
/** firstOffset (8), length (4), partitionLeaderEpoch (4), magic (1), crc (4). */
const CRC_COVERS_FROM = 21;
/** attributes (2), lastOffsetDelta (4), three int64 (24), producerEpoch (2), firstSequence (4), record count (4). */
const HEADER_AFTER_CRC = 40;

/** A batch's bytes besides its records': the first offset, length and the batch's header. */
export const RECORD_BATCH_OVERHEAD = CRC_COVERS_FROM + HEADER_AFTER_CRC;

/**
 * The batch's bytes as kafkajs lays them out (first offset, length, then the batch itself), or
 * undefined for what only kafkajs's encoder does: compression, or records that are not encoders.
 * `int64` reads a 64-bit field as kafkajs does (its Long accepts numbers, strings and Longs).
 */
export function encodeRecordBatch(
  fields: RecordBatchFields,
  int64: (value: unknown) => bigint,
  crc32c: (bytes: Uint8Array) => number,
): Buffer | undefined {
  const { compression = NO_COMPRESSION, records = [] } = fields;
  if (compression !== NO_COMPRESSION || !Array.isArray(records) || !records.every(isEncodedRecord)) return undefined;
  let recordBytes = 0;
  for (const record of records) recordBytes += record.offset;
  const buffer = Buffer.allocUnsafe(RECORD_BATCH_OVERHEAD + recordBytes);
  const copyRecords = (into: Buffer, at: number) => {
    for (const record of records) at += record.buf.copy(into, at, 0, record.offset);
    return at;
  };
  writeRecordBatch(fields, { count: records.length, bytes: recordBytes, write: copyRecords }, buffer, 0, int64, crc32c);
  return buffer;
}

/** A batch's records as its writer takes them: how many, their bytes, and what writes them at `at`. */
export interface BatchRecords {
  count: number;
  bytes: number;
  write(buffer: Buffer, at: number): number;
}

/**
 * Writes an uncompressed batch (`fields` but its records) and `records` at `at`, then its
 * checksum, into a buffer with room for RECORD_BATCH_OVERHEAD + records.bytes; returns where it ends.
 */
export function writeRecordBatch(
  {
    firstOffset = 0,
    firstTimestamp = Date.now(),
    maxTimestamp = Date.now(),
    partitionLeaderEpoch = 0,
    lastOffsetDelta = 0,
    transactional = false,
    producerId = -1,
    producerEpoch = 0,
    firstSequence = 0,
  }: Omit<RecordBatchFields, 'compression' | 'records'>,
  records: BatchRecords,
  buffer: Buffer,
  start: number,
  int64: (value: unknown) => bigint,
  crc32c: (bytes: Uint8Array) => number,
): number {
  const end = start + RECORD_BATCH_OVERHEAD + records.bytes;
  buffer.writeBigInt64BE(BigInt.asIntN(64, int64(firstOffset)), start);
  buffer.writeInt32BE(end - start - 12, start + 8);
  buffer.writeInt32BE(partitionLeaderEpoch as number, start + 12);
  buffer.writeInt8(MAGIC, start + 16);
  let at = start + CRC_COVERS_FROM;
  at = buffer.writeInt16BE(transactional ? TRANSACTIONAL_BIT : 0, at);
  at = buffer.writeInt32BE(lastOffsetDelta as number, at);
  at = buffer.writeBigInt64BE(BigInt.asIntN(64, int64(firstTimestamp)), at);
  at = buffer.writeBigInt64BE(BigInt.asIntN(64, int64(maxTimestamp)), at);
  at = buffer.writeBigInt64BE(BigInt.asIntN(64, int64(producerId)), at);
  at = buffer.writeInt16BE(producerEpoch as number, at);
  at = buffer.writeInt32BE(firstSequence as number, at);
  at = buffer.writeInt32BE(records.count, at);
  at = records.write(buffer, at);
  // The buffer is not zero-filled: a byte left unwritten would send whatever memory held before.
  if (at !== end) throw new Error(`record batch: wrote ${at - start} of ${end - start} bytes`);
  buffer.writeUInt32BE(crc32c(buffer.subarray(start + CRC_COVERS_FROM, end)), start + 17);
  return end;
}

function isEncodedRecord(record: unknown): record is Encoded {
  if (typeof record !== 'object' || record === null) return false;
  const { buf, offset } = record as Partial<Encoded>;
  return Buffer.isBuffer(buf) && Number.isInteger(offset) && offset! >= 0 && offset! <= buf.length;
}
