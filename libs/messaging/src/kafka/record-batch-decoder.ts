// The records of one uncompressed Kafka record batch (v2, "magic 2"), decoded into the objects
// kafkajs makes, with the same values. kafkajs's decoder (recordBatch/v0, record/v0) makes a
// Buffer slice and a Decoder object for every record and a string slice for every header name,
// reads each timestamp delta as a chain of BigInts, and parses the batch's first offset and
// timestamp from strings into BigInts again for every record: 2.4-3.4 µs a record of an order's
// size and headers, where this takes 1.6-2.1. Here a record is read in place, and its offset and
// timestamp are added as numbers while they fit in 53 bits (BigInts past that, as kafkajs's).
import { leaveHeadersOut, MAX_HEADERS_PER_BATCH, MAX_HEADERS_PER_RECORD } from './record-bounds.js';

export type RecordHeaderValue = Buffer | null;
export type RecordHeaders = Record<string, RecordHeaderValue | RecordHeaderValue[]>;

/** kafkajs's fields of a record batch, shared by the batch and (with its magic byte) each record. */
export interface RecordBatchContext {
  firstOffset: string;
  firstTimestamp: string;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  maxTimestamp: string;
  timestampType: number;
}

export interface DecodedRecord {
  magicByte: number;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
  isControlRecord: boolean;
  batchContext: RecordBatchContext & { magicByte: number };
}

export type DecodedRecordBatch = RecordBatchContext & { records: DecodedRecord[] };

/** Where each field of a batch's header is (Kafka's DefaultRecordBatch), from its first offset at 0. */
const AT = {
  length: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  attributes: 21,
  lastOffsetDelta: 23,
  firstTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  firstSequence: 53,
  recordCount: 57,
} as const;
/** The header's bytes, up to the first record. */
const BATCH_HEADER_BYTES = 61;
/** The length counts the bytes after it. */
const BYTES_BEFORE_LENGTH_COUNTS = AT.length + 4;
/** Record batches; Kafka 4 writes no older message format. */
const MAGIC = 2;
const COMPRESSION_MASK = 0x07;
const TIMESTAMP_TYPE_MASK = 0x08;
const TRANSACTIONAL_MASK = 0x10;
const CONTROL_MASK = 0x20;
/** kafkajs's TimestampTypes. */
const CREATE_TIME = 0;
const LOG_APPEND_TIME = 1;
/** Seven bytes of a varint hold 49 bits: exact as a number. */
const NUMBER_VARLONG_BYTES = 7;
/** kafkajs reads ten bytes of a varlong at most. */
const MAX_VARLONG_BYTES = 10;
/** The least a record takes: its length, attributes, timestamp and offset deltas, key and value lengths and header count, a byte each. */
const MIN_RECORD_BYTES = 7;
/** Header positions whose names are remembered from record to record: more than a record of ours has. */
const MAX_REMEMBERED_NAMES = 16;

/**
 * Whether the batch at `start` is uncompressed, the only kind decoded here: its header is whole in
 * `buffer` and its length covers it (its records may still be cut off by the end of a response).
 */
export function isUncompressedBatch(buffer: Buffer, start: number): boolean {
  return (
    start + BATCH_HEADER_BYTES <= buffer.length &&
    buffer.readInt8(start + AT.magic) === MAGIC &&
    buffer.readInt32BE(start + AT.length) >= BATCH_HEADER_BYTES - BYTES_BEFORE_LENGTH_COUNTS &&
    (buffer.readInt16BE(start + AT.attributes) & COMPRESSION_MASK) === 0
  );
}

/** Where the batch at `start` ends, by its length. */
export function batchEnd(buffer: Buffer, start: number): number {
  return start + BYTES_BEFORE_LENGTH_COUNTS + buffer.readInt32BE(start + AT.length);
}

/**
 * Why an uncompressed batch cannot be read when it declares more records than its bytes hold (no
 * record takes less than MIN_RECORD_BYTES); undefined for one that does not. A count taken on
 * trust made an array of that length first: 2^25 records declared in a batch of 70 bytes took a
 * second and 268 MB, here and again in kafkajs's decoder, for each such batch of a response.
 */
export function recordsBeyondBytes(buffer: Buffer, start: number): Error | undefined {
  const declared = buffer.readInt32BE(start + AT.recordCount);
  if (declared <= (batchEnd(buffer, start) - start - BATCH_HEADER_BYTES) / MIN_RECORD_BYTES) return undefined;
  return new Error(`A record batch declares ${declared} records, more than its bytes hold`);
}

/**
 * The uncompressed batch at `start`, whole in `buffer` (its length checked by the caller), as
 * kafkajs decodes it. A record that does not fit its own length, or its batch, is an error where
 * kafkajs read on: a broker refuses such a batch (Kafka's DefaultRecord.readFrom checks each record).
 */
export function decodeRecordBatch(buffer: Buffer, start: number): DecodedRecordBatch {
  const firstOffset = buffer.readBigInt64BE(start);
  const end = batchEnd(buffer, start);
  const attributes = buffer.readInt16BE(start + AT.attributes);
  const firstTimestamp = buffer.readBigInt64BE(start + AT.firstTimestamp);
  const context: RecordBatchContext = {
    firstOffset: firstOffset.toString(),
    firstTimestamp: firstTimestamp.toString(),
    partitionLeaderEpoch: buffer.readInt32BE(start + AT.partitionLeaderEpoch),
    inTransaction: (attributes & TRANSACTIONAL_MASK) !== 0,
    isControlBatch: (attributes & CONTROL_MASK) !== 0,
    lastOffsetDelta: buffer.readInt32BE(start + AT.lastOffsetDelta),
    producerId: buffer.readBigInt64BE(start + AT.producerId).toString(),
    producerEpoch: buffer.readInt16BE(start + AT.producerEpoch),
    firstSequence: buffer.readInt32BE(start + AT.firstSequence),
    maxTimestamp: buffer.readBigInt64BE(start + AT.maxTimestamp).toString(),
    timestampType: (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? LOG_APPEND_TIME : CREATE_TIME,
  };
  const count = buffer.readInt32BE(start + AT.recordCount);
  const impossible = recordsBeyondBytes(buffer, start);
  if (impossible) throw impossible;
  const reader = new RecordReader(buffer, start + BATCH_HEADER_BYTES, end);
  const records = reader.records(count, { ...context, magicByte: buffer.readInt8(start + AT.magic) }, firstOffset, firstTimestamp);
  return { ...context, records };
}

class RecordReader {
  /** Where the record being read ends. */
  private limit: number;
  /** The last name read at each header position, with where its bytes are. */
  private readonly names: { at: number; length: number; name: string }[] = [];

  constructor(
    private readonly buffer: Buffer,
    private at: number,
    private readonly end: number,
  ) {
    this.limit = end;
  }

  records(count: number, batchContext: DecodedRecord['batchContext'], firstOffset: bigint, firstTimestamp: bigint): DecodedRecord[] {
    // kafkajs reads a negative count as no records.
    const records = new Array<DecodedRecord>(Math.max(count, 0));
    const { magicByte, isControlBatch, timestampType, maxTimestamp } = batchContext;
    const offsets = new Int64Sum(firstOffset);
    const timestamps = new Int64Sum(firstTimestamp);
    let headersInBatch = 0;
    for (let i = 0; i < records.length; i++) {
      this.limit = this.end;
      const length = this.varint();
      if (length < 0) throw new Error(`A record declares a length of ${length}`);
      const next = this.at + length;
      if (next > this.end) throw new Error(`A record of ${length} bytes goes past the end of its batch`);
      this.limit = next;
      const attributes = this.buffer.readInt8(this.take(1));
      const timestampDelta = this.varlong();
      const timestamp = timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : timestamps.plus(timestampDelta);
      const offset = offsets.plus(this.varint());
      const key = this.bytes();
      const value = this.bytes();
      const headerCount = this.varint();
      const record: DecodedRecord = {
        magicByte,
        attributes,
        timestamp,
        offset,
        key,
        value,
        headers: {},
        isControlRecord: isControlBatch,
        batchContext,
      };
      if (headerCount > MAX_HEADERS_PER_RECORD || headersInBatch + headerCount > MAX_HEADERS_PER_BATCH) {
        records[i] = leaveHeadersOut(record, headerCount);
      } else {
        for (let h = 0; h < headerCount; h++) {
          const name = this.headerName(h);
          addHeader(record.headers, name, this.bytes());
        }
        headersInBatch += Math.max(headerCount, 0);
        records[i] = record;
      }
      this.at = next;
    }
    return records;
  }

  private take(bytes: number): number {
    const at = this.at;
    if (at + bytes > this.limit) throw new Error('A record ends before its fields do');
    this.at = at + bytes;
    return at;
  }

  /** A zigzag varint, read as kafkajs reads one (32-bit arithmetic). */
  private varint(): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.buffer[this.take(1)]!;
      result += (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80);
    return (result >>> 1) ^ -(result & 1);
  }

  /** A zigzag varlong: a number while it has 49 bits at most, else a BigInt. */
  private varlong(): number | bigint {
    const start = this.at;
    let result = 0;
    let byte: number;
    let read = 0;
    do {
      if (read === NUMBER_VARLONG_BYTES) return this.bigVarlong(start);
      byte = this.buffer[this.take(1)]!;
      result += (byte & 0x7f) * 2 ** (7 * read);
      read++;
    } while (byte >= 0x80);
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  }

  private bigVarlong(start: number): bigint {
    this.at = start;
    let result = 0n;
    let byte: number;
    let read = 0;
    do {
      if (read === MAX_VARLONG_BYTES) throw new Error(`A varlong of more than ${MAX_VARLONG_BYTES} bytes`);
      byte = this.buffer[this.take(1)]!;
      result += BigInt(byte & 0x7f) << BigInt(7 * read);
      read++;
    } while (byte >= 0x80);
    return (result >> 1n) ^ -(result & 1n);
  }

  /** A key, value or header value: Kafka reads any negative length as null, where kafkajs read -2 as an empty Buffer two bytes back. */
  private bytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.subarray(at, at + length);
  }

  /**
   * The name of a record's header `index`: the string of the batch's last record when its bytes
   * are the same. A batch's records mostly carry the same names in the same order, and a string
   * made anew costs a decoding and, as a property name, a lookup in V8's string table.
   */
  private headerName(index: number): string | null {
    const length = this.varint();
    if (length < 0) return null;
    const at = this.take(length);
    const known = this.names[index];
    if (known !== undefined && known.length === length && sameBytes(this.buffer, known.at, at, length)) return known.name;
    const name = this.buffer.toString('utf8', at, at + length);
    if (index < MAX_REMEMBERED_NAMES) this.names[index] = { at, length, name };
    return name;
  }
}

function sameBytes(buffer: Buffer, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (buffer[a + i] !== buffer[b + i]) return false;
  return true;
}

/** A batch's first offset or timestamp plus a record's delta, as kafkajs writes it (a decimal string). */
class Int64Sum {
  private readonly base: number;
  /** The last delta added and its sum: records of a batch often share a timestamp. */
  private lastDelta: number | bigint | undefined;
  private lastSum = '';

  constructor(private readonly big: bigint) {
    const base = Number(big);
    // NaN marks a base too large for numbers: every sum takes BigInts.
    this.base = Number.isSafeInteger(base) ? base : Number.NaN;
  }

  plus(delta: number | bigint): string {
    if (delta === this.lastDelta) return this.lastSum;
    this.lastDelta = delta;
    this.lastSum = this.sum(delta);
    return this.lastSum;
  }

  private sum(delta: number | bigint): string {
    if (typeof delta === 'number') {
      const sum = this.base + delta;
      if (Number.isSafeInteger(sum)) return String(sum);
      return (this.big + BigInt(delta)).toString();
    }
    return (this.big + delta).toString();
  }
}

/**
 * Adds a header as kafkajs hands them over (a repeated name gives an array of its values in
 * order), every name an own property whatever it is. A null name is kafkajs's "null".
 */
export function addHeader(headers: RecordHeaders, key: string | null, value: RecordHeaderValue): void {
  const name = String(key);
  if (!Object.hasOwn(headers, name)) {
    // `headers[name] =` would set the object's prototype for `__proto__` instead of a header.
    // Any other name (`constructor` too) is an ordinary own property; defining every header
    // that way would leave each record's headers a slow dictionary object.
    if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    else headers[name] = value;
    return;
  }
  const seen = headers[name];
  if (Array.isArray(seen)) seen.push(value);
  else headers[name] = [seen ?? null, value];
}
