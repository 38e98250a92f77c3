import kafkajs from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { testKafka, uniqueName } from '../testing/kafka.js';
import { ordersTopic } from './orders.js';
import { ensureTopics } from './provision.js';

describe('ensureTopics', () => {
  const kafka = testKafka(inject('kafkaBrokers'));
  const admin = kafka.admin();
  afterAll(() => admin.disconnect());

  it('ensureTopics should create a missing topic with its partitions and configs, and accept it on the next start', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 4, configs: { 'retention.ms': '86400000' } });
    await ensureTopics(kafka, [topic], silentLogger);
    await ensureTopics(kafka, [topic], silentLogger);
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic.name] });
    expect(metadata.topics[0]?.partitions).toHaveLength(4);
  });

  it('ensureTopics should refuse a topic that disagrees with its declaration, saying how', async () => {
    const name = uniqueName('orders');
    await ensureTopics(kafka, [ordersTopic({ name, partitions: 2 })], silentLogger);
    await expect(ensureTopics(kafka, [ordersTopic({ name, partitions: 6 })], silentLogger)).rejects.toThrow(
      new RegExp(`Topic '${name}' exists but disagrees with its declaration: 2 partitions, declared 6`),
    );
    await expect(
      ensureTopics(kafka, [ordersTopic({ name, partitions: 2, configs: { 'cleanup.policy': 'compact' } })], silentLogger),
    ).rejects.toMatchObject({ code: 'TOPIC_MISMATCH', message: expect.stringContaining('cleanup.policy=delete, declared compact') });
  });

  it('ensureTopics should refuse a replication factor the cluster cannot give', async () => {
    await expect(
      ensureTopics(kafka, [ordersTopic({ name: uniqueName('orders'), replicationFactor: 5 })], silentLogger, { brokerWaitMs: 0 }),
    ).rejects.toMatchObject({
      code: 'TOPIC_MISMATCH',
      message: expect.stringMatching(/needs replication factor 5 but the cluster has \d broker/),
    });
  });

  it('ensureTopics should fit a dev topic to a cluster smaller than its replication factor, min.insync.replicas with it', async () => {
    const topic = ordersTopic({
      name: uniqueName('orders'),
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2' },
      fitReplicationToCluster: true,
    });
    await ensureTopics(kafka, [topic], silentLogger);
    await ensureTopics(kafka, [topic], silentLogger);
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic.name] });
    expect(metadata.topics[0]?.partitions.every((p) => p.replicas.length === 1)).toBe(true);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic.name, configNames: ['min.insync.replicas'] }],
    });
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('1');
  });
});
