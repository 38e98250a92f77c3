// A record batch whose compressed records cannot be had (compression-codecs.ts refused them:
// corrupt, or a bomb beyond 64 MB; or more records declared than a consumer decodes,
// fetch-decode-budget.ts), or an uncompressed one declaring more records than its bytes hold
// (recordsBeyondBytes in record-batch-decoder.ts), made kafkajs throw inside its fetch, which
// stopped the consumer; restarted, it fetched the same batch again, for ever. kafkajs now gets,
// in place of the batch's records, one record standing for all of them at the batch's last
// offset, with no key, value or headers: the listener dead-letters it (undecodable-batch) and
// moves past the batch, as it would past any poison record.

const UNDECODABLE = Symbol('tacocloud.undecodableBatch');

/** The record batch header (Kafka's DefaultRecordBatch), as offsets from the batch's start. */
const FIRST_OFFSET = 0;
const LENGTH = 8;
const PARTITION_LEADER_EPOCH = 12;
const ATTRIBUTES = 21;
const LAST_OFFSET_DELTA = 23;
const FIRST_TIMESTAMP = 27;
const MAX_TIMESTAMP = 35;
const PRODUCER_ID = 43;
const PRODUCER_EPOCH = 51;
const FIRST_SEQUENCE = 53;
const RECORD_COUNT = 57;
const HEADER_BYTES = 61;
const COMPRESSION = 0x07;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
const LOG_APPEND_TIME = 0x08;

/**
 * What kafkajs's record batch decoder returns, for the batch starting at `start` of `buffer`,
 * with one record in place of those that could not be decompressed (see undecodableBatchOf).
 */
export function undecodableBatch(buffer: Buffer, start: number, error: Error): { records: object[] } & Record<string, unknown> {
  const firstOffset = buffer.readBigInt64BE(start + FIRST_OFFSET);
  const attributes = buffer.readInt16BE(start + ATTRIBUTES);
  const lastOffsetDelta = buffer.readInt32BE(start + LAST_OFFSET_DELTA);
  const lastOffset = firstOffset + BigInt(lastOffsetDelta);
  const batchContext = {
    firstOffset: String(firstOffset),
    firstTimestamp: String(buffer.readBigInt64BE(start + FIRST_TIMESTAMP)),
    partitionLeaderEpoch: buffer.readInt32BE(start + PARTITION_LEADER_EPOCH),
    inTransaction: (attributes & TRANSACTIONAL) !== 0,
    isControlBatch: (attributes & CONTROL) !== 0,
    lastOffsetDelta,
    producerId: String(buffer.readBigInt64BE(start + PRODUCER_ID)),
    producerEpoch: buffer.readInt16BE(start + PRODUCER_EPOCH),
    firstSequence: buffer.readInt32BE(start + FIRST_SEQUENCE),
    maxTimestamp: String(buffer.readBigInt64BE(start + MAX_TIMESTAMP)),
    timestampType: (attributes & LOG_APPEND_TIME) !== 0 ? 1 : 0,
  };
  const record = {
    magicByte: 2,
    attributes: 0,
    timestamp: batchContext.maxTimestamp,
    offset: String(lastOffset),
    key: null,
    value: null,
    headers: {},
    isControlRecord: batchContext.isControlBatch,
    batchContext,
    [UNDECODABLE]: `${error.message}: offsets ${firstOffset} to ${lastOffset} not read`,
  };
  return { ...batchContext, records: [record] };
}

/**
 * The record count and whole size of the compressed batch at `start`, when `buffer` holds all
 * of it; undefined for an uncompressed one, or one cut short (kafkajs's "partial" tail).
 */
export function compressedBatchHeader(buffer: Buffer, start: number): { records: number; bytes: number } | undefined {
  if (start + HEADER_BYTES > buffer.length || (buffer.readInt16BE(start + ATTRIBUTES) & COMPRESSION) === 0) return undefined;
  // The length counts what follows it.
  const bytes = LENGTH + 4 + buffer.readInt32BE(start + LENGTH);
  // A length shorter than the header itself is no batch: kafkajs's own decoding says so.
  return bytes < HEADER_BYTES || start + bytes > buffer.length ? undefined : { records: buffer.readInt32BE(start + RECORD_COUNT), bytes };
}

/** Why a record stands for a batch that could not be decompressed; undefined for any other record. */
export function undecodableBatchOf(message: object): string | undefined {
  return (message as { [UNDECODABLE]?: string })[UNDECODABLE];
}
