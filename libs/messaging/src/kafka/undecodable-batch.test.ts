import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MAX_RECORDS_PER_BATCH } from './fetch-decode-budget.js';
import { applyKafkaJsPatches } from './kafkajs-patches.js';
import { undecodableBatch, undecodableBatchOf } from './undecodable-batch.js';

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
