import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MAX_RECORDS_PER_BATCH, withFetchDecodeBudget } from './fetch-decode-budget.js';
import { applyKafkaJsPatches, withLibraryRecordDecoding } from './kafkajs-patches.js';
import { encodeRecord } from './record-encoder.js';
import { headersLeftOutOf, MAX_HEADERS_PER_BATCH, MAX_HEADERS_PER_RECORD } from './record-bounds.js';
import { compressedBatchHeader, undecodableBatch, undecodableBatchOf } from './undecodable-batch.js';

/** One record with no key or value and `headers` empty headers, at `offsetDelta`, as a producer writes it. */
function recordBytes(offsetDelta: number, headers = 0): Buffer {
  return encodeRecord({ offsetDelta, key: null, value: null, headers: { '': Array<null>(headers).fill(null) } })!;
}

/** A record batch (Kafka's DefaultRecordBatch layout) after `before` bytes of something else. */
function batchHeader(before: number, { attributes = 0x0004, records = 10, body = Buffer.alloc(0) } = {}): Buffer {
  const buffer = Buffer.concat([Buffer.alloc(before + 61), body]);
  let at = before;
  const write = (bytes: number, put: (at: number) => void) => {
    put(at);
    at += bytes;
  };
  write(8, (i) => buffer.writeBigInt64BE(4_000_000_000n, i)); // first offset
  write(4, (i) => buffer.writeInt32BE(49 + body.length, i)); // length
  write(4, (i) => buffer.writeInt32BE(7, i)); // partition leader epoch
  write(1, (i) => buffer.writeInt8(2, i)); // magic
  write(4, (i) => buffer.writeInt32BE(0, i)); // crc
  write(2, (i) => buffer.writeInt16BE(attributes, i));
  write(4, (i) => buffer.writeInt32BE(9, i)); // last offset delta
  write(8, (i) => buffer.writeBigInt64BE(1_765_080_000_000n, i)); // first timestamp
  write(8, (i) => buffer.writeBigInt64BE(1_765_080_000_500n, i)); // max timestamp
  write(8, (i) => buffer.writeBigInt64BE(42n, i)); // producer id
  write(2, (i) => buffer.writeInt16BE(3, i)); // producer epoch
  write(4, (i) => buffer.writeInt32BE(100, i)); // first sequence
  write(4, (i) => buffer.writeInt32BE(records, i));
  return buffer;
}

describe('undecodableBatch', () => {
  it("should stand for the batch's records with one record at its last offset, saying why and which", () => {
    const batch = undecodableBatch(batchHeader(13), 13, new Error('A zstd record batch decompresses to more than 64 bytes'));
    expect(batch).toMatchObject({ firstOffset: '4000000000', lastOffsetDelta: 9, producerId: '42', inTransaction: false });
    const [record] = batch.records as [object];
    expect(record).toMatchObject({
      offset: '4000000009',
      key: null,
      value: null,
      headers: {},
      timestamp: '1765080000500',
      isControlRecord: false,
    });
    expect(undecodableBatchOf(record)).toBe(
      'A zstd record batch decompresses to more than 64 bytes: offsets 4000000000 to 4000000009 not read',
    );
  });

  // kafkajs hides the records of an aborted transaction by their batch's producer id and flags.
  it("should keep the batch's transaction and timestamp type for kafkajs to read", () => {
    const batch = undecodableBatch(batchHeader(0, { attributes: 0x0004 | 0x10 | 0x08 }), 0, new Error('corrupt'));
    expect(batch).toMatchObject({ inTransaction: true, isControlBatch: false, timestampType: 1, producerEpoch: 3, firstSequence: 100 });
  });

  it('should find no compressed batch where its length is shorter than its own header', () => {
    const batch = batchHeader(0, { records: MAX_RECORDS_PER_BATCH + 1 });
    batch.writeInt32BE(-100, 8);
    expect(compressedBatchHeader(batch, 0)).toBeUndefined();
  });

  it('should know no other record for one standing for a batch', () => {
    expect(undecodableBatchOf({ offset: '1', key: null, value: null, headers: {} })).toBeUndefined();
  });
});

describe("kafkajs's record batch decoder, patched", () => {
  applyKafkaJsPatches();
  const require = createRequire(import.meta.url);
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => { offset: number };
  const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: object) => Promise<{ records: object[] }>;

  it.each([
    [
      'declares more records than a consumer decodes',
      { records: MAX_RECORDS_PER_BATCH + 1 },
      `A record batch declares ${MAX_RECORDS_PER_BATCH + 1} records`,
    ],
    ['holds no zstd where it says it does', { body: Buffer.from('not zstd at all') }, 'A zstd record batch cannot be decompressed'],
  ])('should set aside a batch that %s, and read on after it', async (_name, batch, why) => {
    const buffer = Buffer.concat([batchHeader(0, batch), Buffer.from('the next batch')]);
    const decoder = new Decoder(buffer);
    const { records } = await decodeBatch(decoder);
    expect(records).toHaveLength(1);
    expect(undecodableBatchOf(records[0]!)).toMatch(new RegExp(`^${why}.*: offsets 4000000000 to 4000000009 not read$`));
    expect(decoder.offset).toBe(buffer.length - 'the next batch'.length);
  });
});

describe("kafkajs's fetch decoding, patched", () => {
  applyKafkaJsPatches();
  const require = createRequire(import.meta.url);
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => object;
  const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js') as (decoder: object) => Promise<object[]>;
  /** A partition's record batches as a fetch response holds them: their size, then them. */
  const messageSet = (...batches: Buffer[]) => {
    const size = Buffer.alloc(4);
    size.writeInt32BE(batches.reduce((sum, batch) => sum + batch.length, 0));
    return new Decoder(Buffer.concat([size, ...batches]));
  };
  const uncompressed = (records: Buffer[]) => batchHeader(0, { attributes: 0, records: records.length, body: Buffer.concat(records) });

  // Found by a hostile review: kafkajs gathered records with push(...batch.records), which threw
  // "Maximum call stack size exceeded" from about 125,000 records on.
  it('should decode a batch of 200,000 records', async () => {
    const records = await decodeMessages(messageSet(uncompressed(Array.from({ length: 200_000 }, (_, i) => recordBytes(i)))));
    expect(records).toHaveLength(200_000);
  });

  it("should decode uncompressed batches with the library's decoder where asked, and with kafkajs's elsewhere", async () => {
    // A key of length -2: Kafka reads it as null, kafkajs as an empty key two bytes back, so the rest goes wrong.
    const record = encodeRecord({ key: null, value: 'taco' })!;
    record[4] = 3;
    const negativeKey = () => messageSet(uncompressed([record]));
    expect(await withLibraryRecordDecoding(() => decodeMessages(negativeKey()))).toMatchObject([{ key: null, value: Buffer.from('taco') }]);
    expect(await decodeMessages(negativeKey())).not.toMatchObject([{ key: null, value: Buffer.from('taco') }]);
    const whole = uncompressed([recordBytes(0, 2), recordBytes(1)]);
    expect(await withLibraryRecordDecoding(() => decodeMessages(messageSet(whole)))).toEqual(await decodeMessages(messageSet(whole)));
  });

  it("should leave a batch the library's decoder refuses to kafkajs's, which makes of it what it always did", async () => {
    // Cut to 3 bytes, the record ends before its key: kafkajs reads on past it.
    const record = recordBytes(0);
    record[0] = 2 * 3;
    const cutShort = () => messageSet(uncompressed([record]));
    expect(await withLibraryRecordDecoding(() => decodeMessages(cutShort()))).toEqual(await decodeMessages(cutShort()));
  });

  // Found fuzzing the library's decoder: a count taken on trust made an array of that length
  // first, 268 MB and a second for 2^25 records declared in a batch of 70 bytes, in either
  // decoder, for each such batch of a response.
  it('should set aside an uncompressed batch declaring more records than its bytes hold, with either decoder', async () => {
    const minimal = recordBytes(0);
    expect(minimal).toHaveLength(7);
    const declaring = (records: number) => batchHeader(0, { attributes: 0, records, body: Buffer.concat([minimal, minimal]) });
    const response = (records: number) => messageSet(declaring(records), uncompressed([recordBytes(0)]));
    for (const decode of [decodeMessages, (decoder: object) => withLibraryRecordDecoding(() => decodeMessages(decoder))]) {
      const [first, second, third] = await decode(response(2 ** 25));
      expect(undecodableBatchOf(first!)).toBe(
        `A record batch declares ${2 ** 25} records, more than its bytes hold: offsets 4000000000 to 4000000009 not read`,
      );
      expect(undecodableBatchOf(second!)).toBeUndefined();
      expect(third).toBeUndefined();
      const asMany = await decode(response(2));
      expect(asMany).toHaveLength(3);
      expect(asMany.map((record) => undecodableBatchOf(record))).toEqual([undefined, undefined, undefined]);
    }
  });

  it('should leave a batch cut off by the end of the response for a later fetch, with either decoder', async () => {
    const batch = uncompressed([recordBytes(0), recordBytes(1)]);
    const cutOff = () => messageSet(batch, batch.subarray(0, batch.length - 1));
    expect(await decodeMessages(cutOff())).toHaveLength(2);
    expect(await withLibraryRecordDecoding(() => decodeMessages(cutOff()))).toHaveLength(2);
  });

  // Found by a hostile review: 12 million empty headers in one 2 KB record ran a consumer out of heap.
  it('should leave out the headers of a record that has more than a consumer decodes, saying how many', async () => {
    const [many, few] = await decodeMessages(messageSet(uncompressed([recordBytes(0, MAX_HEADERS_PER_RECORD + 1), recordBytes(1, 3)])));
    expect(many).toMatchObject({ headers: {} });
    expect(headersLeftOutOf(many!)).toBe(MAX_HEADERS_PER_RECORD + 1);
    expect(few).toMatchObject({ headers: { '': [null, null, null] } });
    expect(headersLeftOutOf(few!)).toBeUndefined();
  });

  it("should leave out the headers of the records past the batch's bound", async () => {
    const perRecord = 4_000;
    const whole = Math.floor(MAX_HEADERS_PER_BATCH / perRecord);
    const records = await decodeMessages(messageSet(uncompressed(Array.from({ length: whole + 3 }, (_, i) => recordBytes(i, perRecord)))));
    expect(records.map((record) => headersLeftOutOf(record) !== undefined)).toEqual([
      ...Array<boolean>(whole).fill(false),
      true,
      true,
      true,
    ]);
  });

  // Found by a hostile review: 120 bombs in one fetch decoded for 15 s, past the session timeout, again at each fetch.
  it('should set aside one batch that cannot be decompressed in a response, and leave the next for a later fetch', async () => {
    const corrupt = batchHeader(0, { body: Buffer.from('not zstd at all') });
    const records = await withFetchDecodeBudget(() => decodeMessages(messageSet(corrupt, corrupt)));
    expect(records.map(undecodableBatchOf)).toEqual([expect.stringMatching(/^A zstd record batch cannot be decompressed/)]);
  });
});
