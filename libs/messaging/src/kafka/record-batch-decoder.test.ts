import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { crc32c } from './crc32c.js';
import { decodeRecordBatch, isUncompressedBatch } from './record-batch-decoder.js';
import { encodeRecordBatch } from './record-batch-encoder.js';
import { encodeRecord, type RecordFields } from './record-encoder.js';
import { headersLeftOutOf, MAX_HEADERS_PER_BATCH, MAX_HEADERS_PER_RECORD } from './record-bounds.js';

// kafkajs's own decoder and encoders, as this process loads them unpatched: the reference.
const require = createRequire(import.meta.url);
interface KafkaJsDecoder {
  offset: number;
  readVarInt(): number;
}
const Decoder = require('kafkajs/src/protocol/decoder.js') as {
  new (buffer: Buffer): KafkaJsDecoder;
  prototype: { readVarIntBytes(this: KafkaJsDecoder): unknown; readVarIntString(this: KafkaJsDecoder): unknown };
};
const kafkajsDecode = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: KafkaJsDecoder) => Promise<unknown>;
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (fields: object) => {
  buf: Buffer;
  offset: number;
};
const Long = require('kafkajs/src/utils/long.js') as { fromValue(value: unknown): { value: bigint } };
const int64 = (value: unknown) => Long.fromValue(value).value;

const TIMESTAMP_TYPE = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;

/** A batch of encoded records (each `{ buf, offset }` as kafkajs's encoder leaves one), with its attributes set as given. */
function batchOf(records: { buf: Buffer; offset: number }[], fields: Record<string, unknown> = {}, attributes = 0): Buffer {
  const batch = encodeRecordBatch({ lastOffsetDelta: Math.max(0, records.length - 1), ...fields, records }, int64, crc32c)!;
  batch.writeInt16BE(batch.readInt16BE(21) | attributes, 21);
  return batch;
}

const encoded = (fields: RecordFields) => {
  const buf = encodeRecord(fields)!;
  return { buf, offset: buf.length };
};

function batches(seed: number): Buffer[] {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(values: readonly T[]) => values[int(values.length)]!;
  const bytes = () => pick([null, '', `k${int(1e6)}`, 'é€😀'.repeat(int(4)), Buffer.alloc(int(2_000), int(256))]);
  const headerValue = () => pick([null, '', 'OrderPlaced', `${int(1e9)}`, Buffer.from([0, 255, int(256)])]);
  return Array.from({ length: 80 }, () => {
    const count = pick([0, 1, 2, 7, 60]);
    const records = Array.from({ length: count }, (_, i) => {
      const headers: Record<string, unknown> = {};
      for (let h = int(6); h > 0; h--) {
        // Not named like an Object member: kafkajs took those for repeats (kafkajs-patches.ts).
        const name = pick(['message-type', 'message-id', 'traceparent', '', 'ünïcode', 'message-typ']);
        headers[name] = int(4) === 0 ? [headerValue(), headerValue()] : headerValue();
      }
      const timestampDelta = pick([0, int(1_000), -int(1_000), 2 ** 48 + int(1e6), -(2 ** 49) - int(1e6), 2 ** 51 + int(1e6)]);
      return encoded({ offsetDelta: pick([i, i * 3, int(2 ** 31 - 1)]), timestampDelta, key: bytes(), value: bytes(), headers });
    });
    const fields = {
      firstOffset: pick([0, int(1e12), 2 ** 53 - 1 - int(50), '9223372036854775000', '-1']),
      firstTimestamp: pick([1_733_000_000_000 + int(1e9), -1, 2 ** 53 - int(1e6), '9223372036854775000']),
      maxTimestamp: pick([1_733_000_000_000 + int(1e9), -1]),
      partitionLeaderEpoch: pick([0, int(2 ** 31)]),
      producerId: pick([Long.fromValue(-1), Long.fromValue(int(2 ** 40))]),
      producerEpoch: pick([0, int(32_767)]),
      firstSequence: pick([0, int(2 ** 31)]),
    };
    return batchOf(records, fields, pick([0, TIMESTAMP_TYPE, TRANSACTIONAL | CONTROL, TIMESTAMP_TYPE | TRANSACTIONAL]));
  });
}

describe('decodeRecordBatch', () => {
  it('should be compared with the decoder kafkajs ships, not the patched one', () => {
    expect(kafkajsDecode.name).not.toBe('decodeWithinBounds');
  });

  it.each([1, 2, 3])('should decode generated batches into the very records kafkajs decodes (seed %i)', async (seed) => {
    for (const [i, batch] of batches(seed).entries()) {
      expect(decodeRecordBatch(batch, 0), `batch ${i} of seed ${seed}`).toEqual(await kafkajsDecode(new Decoder(batch)));
    }
  });

  it('should read timestamp deltas of up to ten bytes as kafkajs does', async () => {
    const deltas = ['-9223372036854775808', '9223372036854775807', '-4503599627370497', '562949953421312'];
    const batch = batchOf(
      deltas.map((timestampDelta, offsetDelta) =>
        kafkajsRecord({ offsetDelta, timestampDelta: Long.fromValue(timestampDelta), value: 'v' }),
      ),
    );
    const decoded = decodeRecordBatch(batch, 0);
    expect(decoded).toEqual(await kafkajsDecode(new Decoder(batch)));
    expect(decoded.records[0]!.timestamp).toBe((BigInt(decoded.firstTimestamp) - 9223372036854775808n).toString());
  });

  it('should find the batch at its place in a buffer', () => {
    const batch = batchOf([encoded({ value: 'v', headers: { a: 'b' } })], { firstOffset: 41 });
    const decoded = decodeRecordBatch(Buffer.concat([Buffer.from('before'), batch, Buffer.from('after')]), 6);
    expect(decoded.records).toMatchObject([{ offset: '41', value: Buffer.from('v'), headers: { a: Buffer.from('b') } }]);
  });

  it('should keep a null header value, gather a repeated name in order, and keep names of Object members as headers', () => {
    const headers = JSON.parse('{"a": [null, "x", null], "__proto__": "p", "constructor": "c", "toString": ["t", "u"]}') as Record<
      string,
      unknown
    >;
    const [record] = decodeRecordBatch(batchOf([encoded({ headers })]), 0).records;
    expect(Object.entries(record!.headers)).toEqual([
      ['a', [null, Buffer.from('x'), null]],
      ['__proto__', Buffer.from('p')],
      ['constructor', Buffer.from('c')],
      ['toString', [Buffer.from('t'), Buffer.from('u')]],
    ]);
    expect(Object.getPrototypeOf(record!.headers)).toBe(Object.prototype);
  });

  it('should leave out the headers of a record with more than a consumer decodes, and go on with the next', () => {
    const many = encoded({ headers: { '': Array<null>(MAX_HEADERS_PER_RECORD + 1).fill(null) } });
    const [first, second] = decodeRecordBatch(batchOf([many, encoded({ offsetDelta: 1, value: 'v', headers: { a: 'b' } })]), 0).records;
    expect(first!.headers).toEqual({});
    expect(headersLeftOutOf(first!)).toBe(MAX_HEADERS_PER_RECORD + 1);
    expect(second).toMatchObject({ offset: '1', value: Buffer.from('v'), headers: { a: Buffer.from('b') } });
    expect(headersLeftOutOf(second!)).toBeUndefined();
  });

  it("should leave out the headers of the records past the batch's bound", () => {
    const perRecord = 4_000;
    const whole = Math.floor(MAX_HEADERS_PER_BATCH / perRecord);
    const records = Array.from({ length: whole + 2 }, (_, offsetDelta) =>
      encoded({ offsetDelta, headers: { '': Array<null>(perRecord).fill(null) } }),
    );
    const decoded = decodeRecordBatch(batchOf(records), 0).records;
    expect(decoded.map((record) => headersLeftOutOf(record) !== undefined)).toEqual([...Array<boolean>(whole).fill(false), true, true]);
  });

  it('should refuse a record that runs past its own length or its batch', () => {
    const record = encoded({ key: 'key', value: 'value' });
    const batch = batchOf([record]);
    const recordAt = batch.length - record.offset;
    const shortened = Buffer.from(batch);
    shortened[recordAt] = 2 * 3; // zigzag length 3: ends inside the key
    expect(() => decodeRecordBatch(shortened, 0)).toThrow('A record ends before its fields do');
    const lengthened = Buffer.from(batch);
    lengthened[recordAt] = 2 * 60;
    expect(() => decodeRecordBatch(lengthened, 0)).toThrow('goes past the end of its batch');
  });

  it('should refuse a batch declaring more records than its bytes hold, before making room for them', () => {
    const minimal = encoded({ key: null, value: null });
    expect(minimal.offset).toBe(7);
    const batch = batchOf([minimal, { ...minimal }]);
    batch.writeInt32BE(3, 57);
    expect(() => decodeRecordBatch(batch, 0)).toThrow('A record batch declares 3 records, more than its bytes hold');
    batch.writeInt32BE(2, 57);
    expect(decodeRecordBatch(batch, 0).records).toHaveLength(2);
  });

  it('should read any negative length of a key, value or header as null, as Kafka does', () => {
    const record = encoded({ key: null, value: 'value', headers: { a: null } });
    const batch = batchOf([record]);
    const recordAt = batch.length - record.offset;
    // The key's and the header value's null are zigzag -1 (1); 3 is -2, which a broker stores as it reads it: null.
    for (const at of [4, 14]) expect(batch[recordAt + at]).toBe(1);
    for (const at of [4, 14]) batch[recordAt + at] = 3;
    expect(decodeRecordBatch(batch, 0).records).toMatchObject([{ key: null, value: Buffer.from('value'), headers: { a: null } }]);
  });

  // An attacker's batch is not one our encoder wrote: random bytes of generated batches
  // overwritten, each read by this decoder and by kafkajs's made to read negative lengths as
  // Kafka does. Whatever both read must be the same records; what this one refuses goes to
  // kafkajs's decoder (kafkajs-patches.ts), as before it.
  it('should read damaged batches as Kafka reads them, or refuse them', async () => {
    const random = seededRandom(34);
    const int = (below: number) => Math.floor(random() * below);
    const readVarIntBytes = Decoder.prototype.readVarIntBytes;
    const readVarIntString = Decoder.prototype.readVarIntString;
    const asKafkaReadsNegativeLengths = (read: (this: KafkaJsDecoder) => unknown) =>
      function (this: KafkaJsDecoder) {
        const at = this.offset;
        if (this.readVarInt() < 0) return null;
        this.offset = at;
        return read.call(this);
      };
    Decoder.prototype.readVarIntBytes = asKafkaReadsNegativeLengths(readVarIntBytes);
    Decoder.prototype.readVarIntString = asKafkaReadsNegativeLengths(readVarIntString);
    let compared = 0;
    try {
      for (const batch of batches(34)) {
        for (let mutation = 0; mutation < 20; mutation++) {
          const damaged = Buffer.from(batch);
          for (let bytes = 1 + int(3); bytes > 0; bytes--) damaged[57 + int(damaged.length - 57)] = int(256);
          let ours: ReturnType<typeof decodeRecordBatch>;
          try {
            ours = decodeRecordBatch(damaged, 0);
          } catch {
            continue;
          }
          // A header count past the bounds: kafkajs's own decoder reads on past the buffer's end
          // until memory runs out (the tests above cover the headers left out).
          if (ours.records.some((record) => headersLeftOutOf(record) !== undefined)) continue;
          const kafkas = await kafkajsDecode(new Decoder(damaged)).catch(() => undefined);
          if (kafkas === undefined) continue;
          expect(ours, `mutation ${mutation} of a batch of seed 34`).toEqual(kafkas);
          compared++;
        }
      }
    } finally {
      Decoder.prototype.readVarIntBytes = readVarIntBytes;
      Decoder.prototype.readVarIntString = readVarIntString;
    }
    // Most damaged batches are still read by both: the comparison is not left to a few.
    expect(compared).toBeGreaterThan(800);
  });

  it('should tell uncompressed record batches from compressed ones, older formats and a buffer too short for a header', () => {
    const batch = batchOf([encoded({ value: 'v' })]);
    expect(isUncompressedBatch(batch, 0)).toBe(true);
    const compressed = Buffer.from(batch);
    compressed.writeInt16BE(4, 21);
    expect(isUncompressedBatch(compressed, 0)).toBe(false);
    expect(isUncompressedBatch(batch.subarray(0, 60), 0)).toBe(false);
    const olderFormat = Buffer.from(batch);
    olderFormat.writeInt8(1, 16);
    expect(isUncompressedBatch(olderFormat, 0)).toBe(false);
  });
});
