import { CompressionTypes } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createTopics, readRecords, testKafka, uniqueName } from '../testing/kafka.js';
import { createKafkaClient } from './client.js';

describe('kafkajs request queue patch', () => {
  // Regression: every connection re-armed a negative timer while idle (a 1 ms polling loop),
  // which Node 24 reports as a TimeoutNegativeWarning at every start.
  it('a client made by createKafkaClient should connect, produce and disconnect without a TimeoutNegativeWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const kafka = createKafkaClient({ brokers: inject('kafkaBrokers').split(','), clientId: uniqueName('patch'), logger: silentLogger });
      const admin = kafka.admin();
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      await new Promise((resolve) => process.nextTick(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.startsWith('TimeoutNegativeWarning'))).toEqual([]);
  });
});

describe('kafkajs produce request patch', () => {
  // Uncompressed requests are encoded by produce-request-encoder.ts, compressed ones by kafkajs:
  // the broker must take both, with every record where it was sent and as it was sent.
  it.each([
    ['uncompressed', CompressionTypes.None],
    ['gzip', CompressionTypes.GZIP],
    // kafkajs knew no zstd or Snappy: a consumer stopped at the first such batch (compression-codecs.ts).
    ['zstd', CompressionTypes.ZSTD],
    ['snappy', CompressionTypes.Snappy],
  ])('should deliver a request (%s) to two topics and several partitions exactly as sent', async (_name, compression) => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const topics = [uniqueName('produce-a'), uniqueName('produce-b')];
    await createTopics(
      kafka,
      topics.map((name) => ({ name, partitions: 3, replicationFactor: 1, configs: {} })),
    );
    const sent = topics.map((topic) => ({
      topic,
      messages: Array.from({ length: 9 }, (_, i) => ({
        key: i % 4 === 0 ? null : `${topic}-key-${i}`,
        value: i === 3 ? Buffer.from([0, 255, 1]) : `{"n":${i},"text":"tacos é ${'x'.repeat(i * 300)}"}`,
        headers: { 'message-type': 'OrderPlaced', seq: String(i) },
        partition: i % 3,
        timestamp: String(1_733_000_000_000 + i),
      })),
    }));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.sendBatch({ topicMessages: sent, acks: -1, compression });
    } finally {
      await producer.disconnect();
    }
    for (const { topic, messages } of sent) {
      const read = await readRecords(kafka, topic, messages.length);
      const bySeq = new Map(read.map((record) => [record.headers.seq, record]));
      expect(read).toHaveLength(messages.length);
      for (const message of messages) {
        const record = bySeq.get(message.headers.seq);
        expect(record, `${topic} record ${message.headers.seq}`).toMatchObject({
          partition: message.partition,
          key: message.key,
          timestamp: message.timestamp,
          headers: message.headers,
        });
        expect(record!.value).toEqual(Buffer.from(message.value));
      }
    }
  });
});

describe('kafkajs record batch codecs', () => {
  // The broker recompresses each batch into a topic's compression.type with Kafka's own Java
  // codecs, as another team's Java producer would write it: what any of them writes, a listener
  // must read, or it stops at the batch.
  it.each(['gzip', 'snappy', 'lz4', 'zstd'])('a consumer should read the batches Kafka compressed with %s', async (codec) => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const topic = uniqueName(`compressed-${codec}`);
    await createTopics(kafka, [{ name: topic, partitions: 1, replicationFactor: 1, configs: { 'compression.type': codec } }]);
    // Above 64 KB, so LZ4 needs a second block and Snappy a second chunk.
    const values = Array.from({ length: 120 }, (_, i) => `{"n":${i},"tacos":"${'carnitas al pastor '.repeat(40 + i)}"}`);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: values.map((value, i) => ({ key: `order-${i}`, value })) });
    } finally {
      await producer.disconnect();
    }
    const read = await readRecords(kafka, topic, values.length);
    expect(read.map((record) => record.value?.toString())).toEqual(values);
  });
});
