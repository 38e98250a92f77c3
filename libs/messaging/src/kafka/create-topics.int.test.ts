import { describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../testing/kafka.js';
import { createTopicsRequest, TOPIC_ALREADY_EXISTS } from './create-topics.js';

describe('createTopicsRequest', () => {
  const bootstrap = inject('kafkaBrokers').split(',');
  const topic = (name: string, replicationFactor = 1) => ({
    name,
    partitions: 3,
    replicationFactor,
    configs: { 'retention.ms': '3600000' },
  });

  it('should create a topic, and answer TOPIC_ALREADY_EXISTS the second time', async () => {
    const name = uniqueName('created');
    expect(await createTopicsRequest({ brokers: bootstrap, clientId: 'test' }, [topic(name)], 10_000)).toEqual([{ name, error: null }]);
    const [again] = await createTopicsRequest({ brokers: bootstrap, clientId: 'test' }, [topic(name)], 10_000);
    expect(again?.error?.code).toBe(TOPIC_ALREADY_EXISTS);
  });

  it("should return Kafka's own error for a replication factor the cluster cannot give", async () => {
    const [result] = await createTopicsRequest({ brokers: bootstrap, clientId: 'test' }, [topic(uniqueName('refused'), 3)], 10_000);
    expect(result?.error).toMatchObject({ code: 38, message: expect.stringMatching(/replication factor/i) });
  });
});
