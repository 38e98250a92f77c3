import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { encodeProduceRequest, type ProduceRequestFields, type RecordEncoders } from './produce-request-encoder.js';

// kafkajs's own request and encoders, as this process loads them unpatched: the reference.
const require = createRequire(import.meta.url);
const kafkajsProduce = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (fields: ProduceRequestFields) => {
  encode(): Promise<{ buffer: Buffer }>;
};
const Long = require('kafkajs/src/utils/long.js') as { fromInt(value: number): unknown; fromValue(value: unknown): unknown };
const encoders: RecordEncoders = {
  record: require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as RecordEncoders['record'],
  batch: (require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: RecordEncoders['batch'] }).RecordBatch,
  noProducerId: Long.fromInt(-1),
  int64: (value) => (Long.fromValue(value) as { value: bigint }).value,
};

function requests(seed: number): ProduceRequestFields[] {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(values: readonly T[]) => values[int(values.length)]!;
  const now = 1_733_000_000_000;
  return Array.from({ length: 40 }, () => ({
    acks: pick([-1, 1]),
    timeout: int(60_000),
    transactionalId: pick([undefined, null, `tx-${int(99)}`, 'é-ü']),
    producerId: pick([undefined, Long.fromInt(int(2 ** 30)), Long.fromValue('123456789012345')]),
    producerEpoch: pick([undefined, 0, int(32_767)]),
    topicData: Array.from({ length: pick([1, 1, 2, 3]) }, (_, t) => ({
      topic: `orders-${t}-${int(1e6)}`,
      partitions: Array.from({ length: pick([1, 2, 6]) }, (_, partition) => ({
        partition,
        firstSequence: pick([undefined, 0, int(2 ** 31)]),
        messages: Array.from({ length: pick([1, 2, 8, 100]) }, () => ({
          key: pick([null, `k${int(1e6)}`]),
          value: 'v'.repeat(int(2_000)),
          headers: { 'message-type': 'OrderPlaced', a: `${int(99)}` },
          // Absent, numbers and strings of different lengths: kafkajs sorts them as strings.
          timestamp: pick([undefined, now + int(1e6), String(now + int(1e6)), String(int(1e4))]),
        })),
      })),
    })),
  }));
}

describe('encodeProduceRequest', () => {
  it('should be compared with the request kafkajs ships, not the patched one', () => {
    expect(kafkajsProduce.name).not.toBe('produceRequestExactly');
  });

  it.each([1, 2, 3])('should lay out generated requests exactly as kafkajs does (seed %i)', async (seed) => {
    for (const [i, fields] of requests(seed).entries()) {
      // Both stamp absent timestamps with Date.now(): the same millisecond for both.
      const realNow = Date.now;
      Date.now = () => 1_733_000_500_000;
      try {
        const ours = await encodeProduceRequest(fields, encoders);
        expect(ours, `request ${i} of seed ${seed}`).toEqual((await kafkajsProduce(fields).encode()).buffer);
      } finally {
        Date.now = realNow;
      }
    }
  });
});

describe('encodeProduceRequest, with a record only kafkajs encodes', () => {
  it("should send that record's batch through kafkajs's encoders and lay out the request as kafkajs does", async () => {
    const written: unknown[] = [];
    const watched: RecordEncoders = { ...encoders, record: (fields) => (written.push(fields), encoders.record(fields)) };
    const fields: ProduceRequestFields = {
      acks: -1,
      timeout: 30_000,
      topicData: [
        {
          topic: 'orders',
          partitions: [
            // A timestamp delta of 2^52 and more: beyond what our record encoder writes.
            {
              partition: 0,
              messages: [
                { value: 'a', timestamp: 1 },
                { value: 'b', timestamp: 2 ** 52 + 5 },
              ],
            },
            { partition: 1, messages: [{ key: 'k', value: 'c', headers: { h: 'v' } }] },
          ],
        },
      ],
    };
    const realNow = Date.now;
    Date.now = () => 1_733_000_500_000;
    try {
      expect(await encodeProduceRequest(fields, watched)).toEqual((await kafkajsProduce(fields).encode()).buffer);
    } finally {
      Date.now = realNow;
    }
    expect(written).toHaveLength(2);
  });
});
