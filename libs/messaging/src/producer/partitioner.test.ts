import { randomUUID } from 'node:crypto';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { partitionFor } from './partitioner.js';

/** kafkajs's own DefaultPartitioner, the reference: what the producer did before. */
function kafkajsPartition(key: string, partitions: number): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    partitionErrorCode: 0,
    leader: 0,
    replicas: [],
    isr: [],
    offlineReplicas: [],
  }));
  return Partitioners.DefaultPartitioner()({ topic: 't', partitionMetadata, message: { key, value: null } });
}

describe('partitionFor', () => {
  it('should pick the partition kafkajs DefaultPartitioner picks, for 4,000 keys and several partition counts', () => {
    // Every key length modulo 4 (the tail switch), multi-byte UTF-8 and emoji, and uuids like our order ids.
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'ñandú',
      '🌮🌮🌮',
      ...Array.from({ length: 3_000 }, randomUUID),
      ...Array.from({ length: 1_000 }, (_, i) => `order-${i}-${'é'.repeat(i % 9)}`),
    ];
    for (const partitions of [1, 2, 3, 6, 7, 12, 50, 1_000]) {
      for (const key of keys) expect(partitionFor('t', key, partitions)).toBe(kafkajsPartition(key, partitions));
    }
  });

  it('should place a key where Kafka clients do (murmur2), the same for the same key', () => {
    expect(partitionFor('t', 'order-1', 6)).toBe(partitionFor('t', 'order-1', 6));
    const spread = new Set(Array.from({ length: 200 }, (_, i) => partitionFor('t', `order-${i}`, 6)));
    expect([...spread].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
