// Fixes to kafkajs 2.2.4 (unmaintained since 2023, so no release will carry them), applied
// once when this library creates its first client. Each one pins a behaviour a test checks.
//
// Bytes that are no Kafka frame (a negative or too small size prefix, from something that is
// not a broker listening on a listed address) made Connection.processData throw inside the
// socket's 'data' listener: an uncaught exception that ended the whole process; and a size no
// response of ours comes near (an HTTP server answers "HTTP", read as 1.2 GB) was buffered
// until the request timed out. Now both fail that connection's requests with a connection
// error, which kafkajs retries on another broker.
//
// The request queue re-armed a timer with a negative delay whenever it had nothing pending
// (tulios/kafkajs#1704, #1751): a 1 ms polling loop on every connection, costing an idle app
// a few percent of a core, and on Node 24 a TimeoutNegativeWarning on every start. Now it
// schedules a check only while requests wait, as the fix proposed in tulios/kafkajs#1768 does.
//
// Record headers were gathered by copying the whole object for every header (and the whole
// array for every repeated one) into a plain object: a record of 40 KB with 8,000 headers took
// 16 s to decode, blocking the event loop past the session timeout before any of our limits
// could look at it; and a header named like an Object.prototype member (`constructor`,
// `toString`, `__proto__`) was taken for a repeat of that member, so a 20-byte record crashed
// every listener that fetched it. Now headers are gathered in linear time as own properties.
//
// The listener asks after every record whether its partition was sought meanwhile (eachBatch's
// isStale); kafkajs answered with a JSON.stringify of the topic and partition each time, 1 % of
// the listener's CPU, though a seek is hardly ever pending. An empty map now answers at once.
//
// kafkajs asks each broker in turn for a group's coordinator and, when none answers, throws an
// error that is not retriable and says nothing of why: a consumer that rejoined its group while
// its brokers were down stopped for good a second later (tulios/kafkajs#1630, #1445), long
// before the listener's own KAFKA_UNREACHABLE_EXIT_MS. The error now carries the last broker's
// failure as its cause, which kafkajs's consumer reads: one it may retry (a refused connection)
// restarts the consumer, a refusal (GROUP_AUTHORIZATION_FAILED) still stops it.
//
// Encoding a record and summing its batch took about 17 µs for an order (see record-encoder.ts
// and crc32c.ts), a quarter of order-api's CPU per order, and a batch was grown and copied
// three times over (record-batch-encoder.ts), then three times more by the produce request
// (produce-request-encoder.ts). All now give the same bytes for less, and a null header value,
// on which kafkajs's encoder threw, is written as Kafka writes one (record-encoder.ts).
//
// Record batches compressed with zstd, Snappy and LZ4 are decoded (kafkajs knew gzip only and
// stopped the consumer at any other), each into a bounded output (compression-codecs.ts). A
// batch that cannot be decompressed, or an uncompressed one declaring more records than its
// bytes hold, no longer stops the consumer: one record stands for its records, for the listener
// to dead-letter (undecodable-batch.ts). A fetch response decodes its compressed batches within a
// budget of bytes and time (fetch-decode-budget.ts), a record's headers within a count
// (record-bounds.ts), and a partition's records are gathered in a loop: kafkajs's
// push(...records) overflowed the stack from about 125,000 records.
//
// kafkajs decoded each record with a Decoder and a Buffer of its own, a string slice per header
// name and a dozen BigInts for its offset and timestamp: about 1 µs a record more than
// record-batch-decoder.ts takes for the same objects, 8-11 % of the listener's records/s. The
// consumers of the library's clients decode uncompressed batches with it; compressed ones, and a
// plain kafkajs client's, still go through kafkajs's (patched) decoder.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { BatchDecompressionError, gzipCodec, lz4Codec, snappyCodec, zstdCodec, type KafkaJsCodec } from './compression-codecs.js';
import { crc32c } from './crc32c.js';
import { leaveHeadersOut, MAX_HEADERS_PER_BATCH, MAX_HEADERS_PER_RECORD } from './record-bounds.js';
import { fetchDecodeBudget, MAX_RECORDS_PER_BATCH, withFetchDecodeBudget } from './fetch-decode-budget.js';
import { compressedBatchHeader, undecodableBatch } from './undecodable-batch.js';
import { encodeRecordBatch, type RecordBatchFields } from './record-batch-encoder.js';
import {
  addHeader,
  batchEnd,
  decodeRecordBatch,
  isUncompressedBatch,
  recordsBeyondBytes,
  type RecordHeaders,
  type RecordHeaderValue,
} from './record-batch-decoder.js';
import { encodeProduceRequest, type ProduceRequestFields, type RecordEncoders } from './produce-request-encoder.js';
import { encodeRecord, type RecordFields } from './record-encoder.js';

interface KafkaJsConnection {
  host: string;
  port: number;
  chunks: Buffer[];
  bytesBuffered: number;
  bytesNeeded: number;
  logError(message: string, extra?: object): void;
  rejectRequests(error: Error): void;
  disconnect(): Promise<boolean>;
  processData(this: KafkaJsConnection, data: Buffer): void;
}

interface KafkaJsBroker {
  findGroupCoordinator(request: GroupCoordinatorRequest): Promise<unknown>;
}

interface GroupCoordinatorRequest {
  groupId: string;
  coordinatorType: number;
}

type KafkaJsRetrier = <T>(attempt: (bail: (error: unknown) => void) => Promise<T>) => Promise<T>;

/** kafkajs's cluster/index.js, as far as the coordinator lookup uses it. */
interface KafkaJsCluster {
  retrier: KafkaJsRetrier;
  brokerPool: { withBroker<T>(callback: (found: { broker: KafkaJsBroker }) => Promise<T>): Promise<T | null> };
  findGroupCoordinatorMetadata(this: KafkaJsCluster, request: GroupCoordinatorRequest): Promise<unknown>;
}

interface KafkaJsEncoder {
  buf: Buffer;
  offset: number;
  ensureAvailable(this: KafkaJsEncoder, length: number): void;
}

interface KafkaJsRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(this: KafkaJsRequestQueue): void;
}

/** kafkajs's consumer/seekOffsets.js: a Map keyed by topic and partition. */
interface KafkaJsSeekOffsets {
  readonly size: number;
  has(this: KafkaJsSeekOffsets, topic: string, partition: number): boolean;
}

interface KafkaJsDecoder {
  readInt8(): number;
  readVarLong(): unknown;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntArray<T>(decode: (decoder: KafkaJsDecoder) => T): T[];
}

interface KafkaJsFetchDecoder {
  buffer: Buffer;
  offset: number;
  forward(bytes: number): void;
}

interface KafkaJsLong {
  fromValue(value: unknown): { add(other: unknown): { toString(): string } };
}

/**
 * A record's headers by name, as kafkajs hands them over (a repeated name gives an array of its
 * values in order), built in linear time, every name an own property whatever it is.
 */
export function recordHeaders(pairs: readonly { key: string | null; value: RecordHeaderValue }[]): RecordHeaders {
  const headers: RecordHeaders = {};
  for (const { key, value } of pairs) addHeader(headers, key, value);
  return headers;
}

/** Far above any response our clients ask for: fetches are capped by maxBytes (10 MB by default). */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** kafkajs's own CHECK_PENDING_REQUESTS_INTERVAL (not exported). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

const require = createRequire(import.meta.url);
export const PATCHED_VERSION = '2.2.4';
/** kafkajs's Types.None (protocol/message/compression). */
const NO_COMPRESSION = 0;

let applied = false;

const libraryDecoding = new AsyncLocalStorage<true>();

/**
 * Runs `run` (a consumer's run, whose fetches go on in its async context) with uncompressed record
 * batches decoded by record-batch-decoder.ts. The library's clients run their consumers so; a
 * plain kafkajs client keeps kafkajs's decoder, and the benchmark's raw kafkajs rows measure it.
 */
export function withLibraryRecordDecoding<R>(run: () => R): R {
  return libraryDecoding.run(true, run);
}

/** Whether record batches fetched from here on are decoded by the library. */
export function decodesRecordsItself(): boolean {
  return libraryDecoding.getStore() === true;
}

export function applyKafkaJsPatches(): void {
  if (applied) return;
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_VERSION) {
    throw new Error(
      `@tacocloud/messaging patches kafkajs ${PATCHED_VERSION}, found ${version}: check the patches in kafka/kafkajs-patches.ts`,
    );
  }
  const Connection = require('kafkajs/src/network/connection.js') as { prototype: KafkaJsConnection };
  const { KafkaJSConnectionError } = require('kafkajs/src/errors.js') as {
    KafkaJSConnectionError: new (message: string, extra: object) => Error;
  };
  const processData = Connection.prototype.processData;
  Connection.prototype.processData = function guardedProcessData(data) {
    try {
      processData.call(this, data);
      if (this.bytesNeeded > MAX_RESPONSE_BYTES) throw new Error(`a frame of ${this.bytesNeeded - 4} bytes announced`);
    } catch (cause) {
      const error = new KafkaJSConnectionError(`Not a Kafka response: ${(cause as Error).message}`, {
        broker: `${this.host}:${this.port}`,
      });
      this.chunks = [];
      this.bytesBuffered = 0;
      this.bytesNeeded = 4;
      this.logError(error.message);
      this.rejectRequests(error);
      void this.disconnect().catch(() => undefined);
    }
  };
  patchRecordDecoder();
  patchGroupCoordinatorLookup();
  patchRecordEncoding();
  patchEncoderGrowth();
  // Loads the fetch responses, which load the record batch encoder's module: after its patch.
  patchRecordBatchDecoder();
  registerCodecs();
  const SeekOffsets = require('kafkajs/src/consumer/seekOffsets.js') as { prototype: KafkaJsSeekOffsets };
  const hasSeekOffset = SeekOffsets.prototype.has;
  SeekOffsets.prototype.has = function hasWhenAnyPending(topic, partition) {
    return this.size !== 0 && hasSeekOffset.call(this, topic, partition);
  };
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: KafkaJsRequestQueue };
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleWhilePending() {
    if (this.pending.length === 0 || this.throttleCheckTimeoutId) return;
    const throttledForMs = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledForMs > 0 ? throttledForMs : CHECK_PENDING_REQUESTS_INTERVAL_MS,
    );
  };
  applied = true;
}

/**
 * kafkajs's record decoder (protocol/recordBatch/record/v0/decoder.js) with recordHeaders in
 * place of its header reducer, and headers past a bound left out (record-bounds.ts). Its one
 * user, the record batch decoder, is loaded with the first fetch and takes the decoder from the
 * module cache, so the patch must come first.
 */
function patchRecordDecoder(): void {
  const recordDecoder = require.resolve('kafkajs/src/protocol/recordBatch/record/v0/decoder.js');
  if (require.cache[require.resolve('kafkajs/src/protocol/recordBatch/v0/decoder.js')]) {
    throw new Error('kafkajs decoded record batches before @tacocloud/messaging could patch its record decoder');
  }
  const Long = require('kafkajs/src/utils/long.js') as KafkaJsLong;
  const decodeHeader = require('kafkajs/src/protocol/recordBatch/header/v0/decoder.js') as (decoder: KafkaJsDecoder) => {
    key: string | null;
    value: RecordHeaderValue;
  };
  const { LOG_APPEND_TIME } = require('kafkajs/src/protocol/timestampTypes.js') as { LOG_APPEND_TIME: number };
  // Each batch hands all its records one context object: headers decoded so far, per batch.
  const headersInBatch = new WeakMap<object, number>();
  require(recordDecoder);
  require.cache[recordDecoder]!.exports = (
    decoder: KafkaJsDecoder,
    batchContext: {
      firstOffset?: unknown;
      firstTimestamp?: unknown;
      magicByte?: number;
      isControlBatch?: boolean;
      timestampType?: number;
      maxTimestamp?: string;
    } = {},
  ) => {
    const { firstOffset, firstTimestamp, magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
    const attributes = decoder.readInt8();
    const timestampDelta = decoder.readVarLong();
    const timestamp =
      timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : Long.fromValue(firstTimestamp).add(timestampDelta).toString();
    const offsetDelta = decoder.readVarInt();
    const offset = Long.fromValue(firstOffset).add(offsetDelta).toString();
    const key = decoder.readVarIntBytes();
    const value = decoder.readVarIntBytes();
    // Headers come last in a record: past a bound they are not read at all (record-bounds.ts).
    const count = decoder.readVarInt();
    const before = headersInBatch.get(batchContext) ?? 0;
    const record = { magicByte, attributes, timestamp, offset, key, value, headers: {}, isControlRecord: isControlBatch, batchContext };
    if (count > MAX_HEADERS_PER_RECORD || before + count > MAX_HEADERS_PER_BATCH) return leaveHeadersOut(record, count);
    headersInBatch.set(batchContext, before + Math.max(count, 0));
    const pairs = new Array<{ key: string | null; value: RecordHeaderValue }>(Math.max(count, 0));
    for (let i = 0; i < pairs.length; i++) pairs[i] = decodeHeader(decoder);
    record.headers = recordHeaders(pairs);
    return record;
  };
}

/**
 * kafkajs's record batch decoder, unchanged but for compressed batches. One its codec refuses,
 * or one declaring more records than MAX_RECORDS_PER_BATCH, becomes a batch of one record
 * standing for all of its records (undecodable-batch.ts). One past its fetch response's budget
 * (fetch-decode-budget.ts) is left, with the rest of the partition's response, as the partial
 * tail kafkajs already knows: fetched again later. The fetch response's decoder takes this one
 * from the module cache when first loaded, so the patch must come first.
 */
function patchRecordBatchDecoder(): void {
  if (require.cache[require.resolve('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js')]) {
    throw new Error('kafkajs decoded a fetch response before @tacocloud/messaging could patch its record batch decoder');
  }
  const { KafkaJSPartialMessageError } = require('kafkajs/src/errors.js') as { KafkaJSPartialMessageError: new (message: string) => Error };
  const batchDecoder = require.resolve('kafkajs/src/protocol/recordBatch/v0/decoder.js');
  type Decoded = { records: unknown[] };
  const decodeBatch = require(batchDecoder) as (decoder: KafkaJsFetchDecoder) => Promise<Decoded>;
  const decodeWithinBounds = async (decoder: KafkaJsFetchDecoder): Promise<Decoded> => {
    const { buffer, offset: start } = decoder;
    // A batch cut off by the response's end is left to kafkajs's decoder, which says so.
    const end = isUncompressedBatch(buffer, start) ? batchEnd(buffer, start) : Infinity;
    const impossible = end <= buffer.length ? recordsBeyondBytes(buffer, start) : undefined;
    if (impossible) {
      decoder.forward(end - start);
      return undecodableBatch(buffer, start, impossible);
    }
    if (decodesRecordsItself() && end <= buffer.length) {
      try {
        const batch = decodeRecordBatch(buffer, start);
        decoder.forward(end - start);
        return batch;
      } catch {
        // What no broker stores, or a defect of ours: kafkajs's decoder makes what it always made of it.
      }
    }
    const header = compressedBatchHeader(decoder.buffer, start);
    if (header === undefined) return decodeBatch(decoder);
    const budget = fetchDecodeBudget();
    if (budget && !budget.allowsAnother())
      throw new KafkaJSPartialMessageError('The fetch response decoded its budget of compressed batches');
    if (header.records > MAX_RECORDS_PER_BATCH) {
      decoder.forward(header.bytes);
      return undecodableBatch(
        decoder.buffer,
        start,
        new Error(`A record batch declares ${header.records} records, over the ${MAX_RECORDS_PER_BATCH} a consumer decodes`),
      );
    }
    try {
      const batch = await decodeBatch(decoder);
      budget?.chargeBatch(batch.records.length);
      return batch;
    } catch (error) {
      if (!(error instanceof BatchDecompressionError)) throw error;
      // Its decompression cost as much as the budget: the next compressed batch waits for a later fetch.
      budget?.exhaust();
      return undecodableBatch(decoder.buffer, start, error);
    }
  };
  require.cache[batchDecoder]!.exports = decodeWithinBounds;
  patchDecodeMessages(decodeWithinBounds);
  // Each response decodes with a budget of its own; v4 to v11 are those Kafka 4 still serves, and
  // some take an older one's decode: each is wrapped once.
  const budgeted = new WeakSet<object>();
  for (let version = 4; version <= 11; version++) {
    const response = require(`kafkajs/src/protocol/requests/fetch/v${version}/response.js`) as {
      decode: (data: Buffer) => Promise<unknown>;
    };
    const decode = response.decode;
    if (budgeted.has(decode)) continue;
    response.decode = (data) => withFetchDecodeBudget(() => decode(data));
    budgeted.add(response.decode);
  }
}

/**
 * kafkajs's decoder of a partition's record batches (fetch/v4/decodeMessages.js), unchanged but
 * for gathering the records in a loop: its records.push(...batch.records) threw "Maximum call
 * stack size exceeded" for a batch of about 125,000 records (a 165 KB zstd batch of 200,000 took
 * a consumer down for good; a hostile review).
 */
function patchDecodeMessages(decodeBatch: (decoder: KafkaJsFetchDecoder) => Promise<{ records: unknown[] }>): void {
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => KafkaJsFetchDecoder & {
    readInt32(): number;
    canReadBytes(bytes: number): boolean;
    readBytes(bytes: number): Buffer;
  };
  const decodeMessageSet = require('kafkajs/src/protocol/messageSet/decoder.js') as (decoder: object, size: number) => Promise<unknown[]>;
  const { MAGIC_BYTE } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { MAGIC_BYTE: number };
  // The magic byte sits 16 bytes in for every message format; a batch has at least 49 bytes of its own.
  const MAGIC_OFFSET = 16;
  const RECORD_BATCH_OVERHEAD = 49;
  const path = require.resolve('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js');
  require(path);
  require.cache[path]!.exports = async function decodeMessagesInALoop(decoder: InstanceType<typeof Decoder>): Promise<unknown[]> {
    const messagesSize = decoder.readInt32();
    if (messagesSize <= 0 || !decoder.canReadBytes(messagesSize)) return [];
    const messagesBuffer = decoder.readBytes(messagesSize);
    const messagesDecoder = new Decoder(messagesBuffer);
    if (messagesBuffer.subarray(MAGIC_OFFSET).readInt8(0) !== MAGIC_BYTE) return decodeMessageSet(messagesDecoder, messagesSize);
    const records: unknown[] = [];
    while (messagesDecoder.canReadBytes(RECORD_BATCH_OVERHEAD)) {
      // The tail of a response mostly holds a batch cut short by its size limit: left for a later
      // fetch without the error kafkajs's decoder would make to say so (one a partition a fetch).
      if (batchEnd(messagesBuffer, messagesDecoder.offset) > messagesBuffer.length) break;
      let batch: { records: unknown[] };
      try {
        batch = await decodeBatch(messagesDecoder);
      } catch (error) {
        // Or the compressed batches past the response's budget (fetch-decode-budget.ts).
        if ((error as Error).name === 'KafkaJSPartialMessageError') break;
        throw error;
      }
      for (const record of batch.records) records.push(record);
    }
    return records;
  };
}

/**
 * kafkajs's record encoder (record/v0), batch checksum (crc32C) and record batch encoder
 * (recordBatch/v0) replaced by ours, which give the same bytes. Their users (the produce request,
 * the record batch encoder) take them from the module cache when first loaded, with the first
 * produce or fetch, so the patch must come first.
 */
function patchRecordEncoding(): void {
  if (require.cache[require.resolve('kafkajs/src/protocol/recordBatch/v0/index.js')]) {
    throw new Error('kafkajs encoded record batches before @tacocloud/messaging could patch its record encoder');
  }
  const Encoder = require('kafkajs/src/protocol/encoder.js') as { prototype: object };
  // An Encoder holding exactly these bytes, as kafkajs reads one (its buf and offset).
  const encoderHolding = (bytes: Buffer) => Object.assign(Object.create(Encoder.prototype) as object, { buf: bytes, offset: bytes.length });
  const recordEncoder = require.resolve('kafkajs/src/protocol/recordBatch/record/v0/index.js');
  const kafkajsRecord = require(recordEncoder) as (fields: RecordFields) => unknown;
  require.cache[recordEncoder]!.exports = function encodeRecordExactly(fields: RecordFields): unknown {
    const bytes = encodeRecord(fields);
    return bytes === undefined ? kafkajsRecord(fields) : encoderHolding(bytes);
  };
  const checksum = require.resolve('kafkajs/src/protocol/recordBatch/crc32C/index.js');
  require(checksum);
  require.cache[checksum]!.exports = crc32c;
  // The produce request destructures RecordBatch from this module when it loads, after this.
  const batches = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
    RecordBatch: (fields: RecordBatchFields) => Promise<unknown>;
  };
  const kafkajsBatch = batches.RecordBatch;
  const Long = require('kafkajs/src/utils/long.js') as { fromValue(value: unknown): { value: bigint }; fromInt(value: number): unknown };
  const int64 = (value: unknown) => Long.fromValue(value).value;
  batches.RecordBatch = async function encodeRecordBatchExactly(fields: RecordBatchFields): Promise<unknown> {
    const bytes = encodeRecordBatch(fields, int64, crc32c);
    return bytes === undefined ? kafkajsBatch(fields) : encoderHolding(bytes);
  };
  patchProduceRequest(encoderHolding, {
    record: require(recordEncoder) as RecordEncoders['record'],
    batch: batches.RecordBatch as RecordEncoders['batch'],
    noProducerId: Long.fromInt(-1),
    int64,
  });
}

/**
 * kafkajs's Cluster.findGroupCoordinatorMetadata, unchanged but for the cause it gives the error
 * it throws when no broker answered: the last broker's failure.
 */
function patchGroupCoordinatorLookup(): void {
  const Cluster = require('kafkajs/src/cluster/index.js') as { prototype: KafkaJsCluster };
  const { KafkaJSGroupCoordinatorNotFound } = require('kafkajs/src/errors.js') as {
    KafkaJSGroupCoordinatorNotFound: new (message: string, extra: { cause: unknown }) => Error;
  };
  Cluster.prototype.findGroupCoordinatorMetadata = async function findSayingWhyNot(request) {
    let lastFailure: unknown;
    const found = await this.brokerPool.withBroker(async ({ broker }) => {
      try {
        return await this.retrier(async (bail) => {
          try {
            return await broker.findGroupCoordinator(request);
          } catch (error) {
            // The one answer kafkajs asks the same broker again about; any other tries the next broker.
            if ((error as { type?: unknown }).type === 'GROUP_COORDINATOR_NOT_AVAILABLE') throw error;
            bail(error);
            return undefined;
          }
        });
      } catch (error) {
        lastFailure = error;
        throw error;
      }
    });
    if (found) return found;
    throw new KafkaJSGroupCoordinatorNotFound('Failed to find group coordinator', { cause: lastFailure });
  };
}

/**
 * kafkajs's produce request (v3, which v4-v7 wrap) encodes its body in one exact buffer when
 * uncompressed (produce-request-encoder.ts); compressed requests stay kafkajs's own. The request
 * versions load their modules with the first produce, after this.
 */
function patchProduceRequest(encoderHolding: (bytes: Buffer) => object, encoders: RecordEncoders): void {
  type Fields = ProduceRequestFields & { compression?: number };
  const produceV3 = require.resolve('kafkajs/src/protocol/requests/produce/v3/request.js');
  const kafkajsProduce = require(produceV3) as (fields: Fields) => { encode(): Promise<unknown> };
  require.cache[produceV3]!.exports = function produceRequestExactly(fields: Fields) {
    const request = kafkajsProduce(fields);
    if ((fields.compression ?? NO_COMPRESSION) !== NO_COMPRESSION) return request;
    return { ...request, encode: async () => encoderHolding(await encodeProduceRequest(fields, encoders)) };
  };
}

/** Our codecs in kafkajs's codec table, which its encoders and decoders look up per batch. */
function registerCodecs(): void {
  const { Codecs, Types } = require('kafkajs/src/protocol/message/compression/index.js') as {
    Codecs: Record<number, () => KafkaJsCodec>;
    Types: { GZIP: number; Snappy: number; LZ4: number; ZSTD: number };
  };
  Codecs[Types.GZIP] = () => gzipCodec;
  Codecs[Types.Snappy] = () => snappyCodec;
  Codecs[Types.LZ4] = () => lz4Codec;
  Codecs[Types.ZSTD] = () => zstdCodec;
}

/**
 * What is left of kafkajs's Encoder (each request's header and size prefix, other requests)
 * grows its buffer without zero-filling it first: it writes every byte before it reads any, up
 * to its offset, and hands out only buf[0, offset).
 */
function patchEncoderGrowth(): void {
  const Encoder = require('kafkajs/src/protocol/encoder.js') as { nextPowerOfTwo(value: number): number; prototype: KafkaJsEncoder };
  Encoder.prototype.ensureAvailable = function growWithoutZeroFill(length) {
    if (this.offset + length <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset + length));
    this.buf.copy(grown, 0, 0, this.offset);
    this.buf = grown;
  };
}
