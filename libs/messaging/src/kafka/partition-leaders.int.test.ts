// Before kafkajs loads, as the library's entry points import it.
import './kafkajs-preload.js';
import { describe, expect, inject, it } from 'vitest';
import { createTopics, testKafka, uniqueName } from '../testing/kafka.js';
import { describeBrokers } from './describe-brokers.js';
import { leaderLookup } from './partition-leaders.js';
import { idempotentProducer } from './producers.js';

describe('leaderLookup', () => {
  it("should name each partition's leader from the producer's own metadata once it has metadata, and none before", async () => {
    const brokers = inject('kafkaBrokers');
    const kafka = testKafka(brokers);
    const topic = uniqueName('leaders');
    await createTopics(kafka, [{ name: topic, partitions: 3, replicationFactor: 1, configs: {} }]);
    const { brokers: registered } = await describeBrokers({ brokers: brokers.split(','), clientId: 'test' }, 5_000);
    const producer = idempotentProducer(kafka);
    const leaderOf = leaderLookup(producer);
    expect(leaderOf(topic, 0)).toBeUndefined();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ value: 'taco', partition: 2 }] });
      expect([0, 1, 2].map((partition) => leaderOf(topic, partition))).toEqual([0, 1, 2].map(() => registered[0]!.nodeId));
      expect(leaderOf(topic, 3)).toBeUndefined();
    } finally {
      await producer.disconnect();
    }
  });
});
