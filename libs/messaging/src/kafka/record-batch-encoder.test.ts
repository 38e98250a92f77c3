import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { crc32c } from './crc32c.js';
import { encodeRecordBatch, type RecordBatchFields } from './record-batch-encoder.js';

// kafkajs's own encoders, as this process loads them unpatched: the reference.
const require = createRequire(import.meta.url);
const { RecordBatch: kafkajsBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (fields: RecordBatchFields) => Promise<{ buffer: Buffer }>;
};
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (fields: object) => unknown;
const Long = require('kafkajs/src/utils/long.js') as { fromValue(value: unknown): { value: bigint } };
const int64 = (value: unknown) => Long.fromValue(value).value;

function batches(seed: number): RecordBatchFields[] {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(values: readonly T[]) => values[int(values.length)]!;
  return Array.from({ length: 60 }, () => {
    const count = pick([0, 1, 2, 7, 100, 1_000]);
    const records = Array.from({ length: count }, (_, offsetDelta) =>
      kafkajsRecord({
        offsetDelta,
        timestampDelta: int(10),
        key: `k${int(1e6)}`,
        value: 'v'.repeat(int(2_000)),
        headers: { a: `${int(99)}` },
      }),
    );
    const timestamp = 1_733_000_000_000 + int(1e9);
    return {
      records,
      firstOffset: pick([undefined, 0, Long.fromValue(int(1e9)), '9223372036854775807']),
      firstTimestamp: pick([timestamp, String(timestamp)]),
      maxTimestamp: pick([timestamp + 9, String(timestamp + 9)]),
      partitionLeaderEpoch: pick([undefined, 0, int(2 ** 31)]),
      lastOffsetDelta: Math.max(0, count - 1),
      transactional: pick([undefined, false, true]),
      producerId: pick([undefined, Long.fromValue(-1), Long.fromValue(int(2 ** 40)), '123456789012345']),
      producerEpoch: pick([undefined, 0, int(32_767)]),
      firstSequence: pick([undefined, 0, int(2 ** 31)]),
    };
  });
}

describe('encodeRecordBatch', () => {
  it('should be compared with the encoder kafkajs ships, not the patched one', () => {
    expect(kafkajsBatch.name).not.toBe('encodeRecordBatchExactly');
  });

  it.each([1, 2, 3])('should lay out generated batches exactly as kafkajs does (seed %i)', async (seed) => {
    for (const [i, fields] of batches(seed).entries()) {
      expect(encodeRecordBatch(fields, int64, crc32c), `batch ${i} of seed ${seed}`).toEqual((await kafkajsBatch(fields)).buffer);
    }
  });

  it('should leave compressed batches and records that are not encoders to kafkajs', () => {
    const record = kafkajsRecord({ value: 'v' });
    expect(encodeRecordBatch({ compression: 1, records: [record] }, int64, crc32c)).toBeUndefined();
    expect(encodeRecordBatch({ records: [record, { buf: 'not bytes', offset: 3 }] }, int64, crc32c)).toBeUndefined();
    expect(encodeRecordBatch({ records: 'no' }, int64, crc32c)).toBeUndefined();
  });
});
