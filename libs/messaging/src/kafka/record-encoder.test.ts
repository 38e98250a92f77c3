import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { crc32c } from './crc32c.js';
import { encodeRecord, type RecordFields } from './record-encoder.js';

// kafkajs's own encoders, loaded apart from the patched module cache entries: the reference.
const require = createRequire(import.meta.url);
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (fields: RecordFields) => { buffer: Buffer };
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (bytes: Buffer) => number;

/** Text of every UTF-8 width: ASCII, Latin, CJK and a pair of surrogates. */
const ALPHABET = ['a', 'Z', '0', '-', 'é', 'ß', '주', '文', '🌮', '"', '\n'];

function generator(seed: number) {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const text = (length: number) => Array.from({ length }, () => ALPHABET[int(ALPHABET.length)]).join('');
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));
  const field = () => [null, undefined, text(int(300)), bytes(int(300)), '', Buffer.alloc(0)][int(6)];
  const headerValue = () => (random() < 0.5 ? text(int(40)) : bytes(int(40)));
  const record = (): RecordFields => ({
    offsetDelta: [0, 1, 63, 64, 8191, 8192, int(2 ** 31)][int(7)],
    timestampDelta: [0, 1, 63, 64, -1, -65, 2 ** 31, 2 ** 40 + 3, -(2 ** 35), int(100_000)][int(10)],
    key: field(),
    value: random() < 0.2 ? text(int(20_000)) : field(),
    headers: Object.fromEntries(
      Array.from({ length: int(70) }, (_, i) => [
        `${text(int(12))}${i}`,
        random() < 0.2 ? Array.from({ length: int(4) }, headerValue) : headerValue(),
      ]),
    ),
  });
  return { record, bytes, int };
}

describe('encodeRecord', () => {
  it('should be compared with the encoder kafkajs ships, not the patched one', () => {
    expect(kafkajsRecord.name).not.toBe('encodeRecordExactly');
  });

  it.each([1, 2, 3, 4, 5])('should encode generated records exactly as kafkajs does (seed %i)', (seed) => {
    const { record } = generator(seed);
    for (let i = 0; i < 300; i++) {
      const fields = record();
      expect(encodeRecord(fields), `record ${i} of seed ${seed}`).toEqual(kafkajsRecord(fields).buffer);
    }
  });

  it('should encode an order as order-api sends it exactly as kafkajs does', () => {
    const fields = {
      offsetDelta: 17,
      timestampDelta: 3,
      key: '4f1e7f5e-9a53-5f2c-8d7e-0c7c1f0b6a11',
      value: JSON.stringify({ orderId: '4f1e7f5e', deliveryName: 'Taco Fan', tacos: [{ name: 'Carnivore', ingredients: ['FLTO'] }] }),
      headers: { 'message-type': 'OrderPlaced', 'message-version': '2', 'content-type': 'application/json' },
    };
    expect(encodeRecord(fields)).toEqual(kafkajsRecord(fields).buffer);
  });

  it('should leave to kafkajs what only kafkajs handles or rejects', () => {
    for (const fields of [
      { key: 42, value: 'v' },
      { value: { not: 'bytes' } },
      { value: 'v', headers: { n: 7 } },
      { value: 'v', headers: null },
      { value: 'v', timestampDelta: 2 ** 53 },
      { value: 'v', timestampDelta: '5' },
      { value: 'v', offsetDelta: 2 ** 31 },
    ])
      expect(encodeRecord(fields), JSON.stringify(fields)).toBeUndefined();
  });
});

describe('encodeRecord, where kafkajs throws', () => {
  // kafkajs's decoder and its record decoder, unpatched: applyKafkaJsPatches never ran in this file.
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (bytes: Buffer) => { readVarIntBytes(): Buffer };
  const kafkajsDecodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js') as (
    decoder: object,
    batchContext: object,
  ) => { headers: Record<string, unknown> };

  it('should write a null header value as Kafka does, which kafkajs reads back as null', () => {
    const fields = { value: 'v', headers: { traceparent: null, 'message-type': 'OrderPlaced', repeated: ['a', null] } };
    expect(() => kafkajsRecord(fields)).toThrow(TypeError);
    const body = new Decoder(encodeRecord(fields)!).readVarIntBytes();
    const record = kafkajsDecodeRecord(new Decoder(body), { firstOffset: '0', firstTimestamp: '0' });
    expect(record.headers).toEqual({ traceparent: null, 'message-type': Buffer.from('OrderPlaced'), repeated: [Buffer.from('a'), null] });
  });
});

describe('crc32c', () => {
  it('should give the standard check value of "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('should agree with kafkajs on buffers of every length up to 100 and on long ones', () => {
    const { bytes, int } = generator(7);
    for (let length = 0; length <= 100; length++) {
      const buffer = bytes(length);
      expect(crc32c(buffer), `length ${length}`).toBe(kafkajsCrc32c(buffer));
    }
    for (let i = 0; i < 20; i++) {
      const buffer = bytes(1_000 + int(50_000));
      expect(crc32c(buffer)).toBe(kafkajsCrc32c(buffer));
    }
  });

  it('should sum a view into a larger buffer by its own bytes only', () => {
    const whole = Buffer.from('xx123456789yy');
    expect(crc32c(whole.subarray(2, 11))).toBe(0xe3069283);
  });
});
