// Proof that kafkajs 2.2.4 works against the pinned Kafka: admin, keyed produce, group consume.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';

const RECORDS = 300;
const KEYS = 30;

interface Seen {
  key: string;
  partition: number;
  offset: string;
  timestamp: string;
}

describe('kafkajs against the local Kafka', () => {
  const kafka = new Kafka({ clientId: 'smoke-test', brokers: inject('kafkaBrokers').split(','), logLevel: logLevel.WARN });
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it('should deliver 300 keyed records exactly once, with partition, offset and timestamp', async () => {
    const topic = `smoke-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const sentAt = Date.now();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: RECORDS }, (_, i) => ({ key: `key-${i % KEYS}`, value: `record-${i}` })),
    });

    const seen = new Map<string, Seen[]>();
    const consumer: Consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
    cleanups.push(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let received = 0;
    const allReceived = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const value = message.value?.toString() ?? '';
          const entry = { key: message.key?.toString() ?? '', partition, offset: message.offset, timestamp: message.timestamp };
          seen.set(value, [...(seen.get(value) ?? []), entry]);
          if (++received >= RECORDS) resolve();
        },
      });
    });
    await allReceived;

    expect(seen.size).toBe(RECORDS);
    for (const [value, deliveries] of seen) {
      expect(deliveries, value).toHaveLength(1);
      const [delivery] = deliveries as [Seen];
      expect(delivery.partition).toBeGreaterThanOrEqual(0);
      expect(delivery.partition).toBeLessThan(3);
      expect(Number(delivery.offset)).toBeGreaterThanOrEqual(0);
      expect(Number(delivery.timestamp)).toBeGreaterThanOrEqual(sentAt - 60_000);
    }
    const partitionsByKey = new Map<string, Set<number>>();
    for (const [delivery] of seen.values()) {
      const entry = delivery as Seen;
      partitionsByKey.set(entry.key, (partitionsByKey.get(entry.key) ?? new Set()).add(entry.partition));
    }
    expect(partitionsByKey.size).toBe(KEYS);
    for (const [key, partitions] of partitionsByKey) expect([...partitions], key).toHaveLength(1);
    const usedPartitions = new Set([...seen.values()].map(([d]) => (d as Seen).partition));
    expect(usedPartitions.size).toBe(3);
  });
});
