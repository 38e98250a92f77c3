import { CompressionTypes, Kafka, logLevel, type Message } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createTopics, readRecords, testKafka, uniqueName } from '../testing/kafka.js';
import { waitFor } from '../testing/wait-for.js';
import { createKafkaClient } from './client.js';
import { decodesRecordsItself } from './kafkajs-patches.js';

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

describe("the library's record decoder", () => {
  // The consumer's fetches and its eachBatch calls go on in the async context its run began in.
  it("should decode what the library's clients fetch, and leave a plain kafkajs client's fetches to kafkajs", async () => {
    const brokers = inject('kafkaBrokers').split(',');
    const library = createKafkaClient({ brokers, clientId: uniqueName('decoder'), logger: silentLogger });
    const plain = new Kafka({ brokers, clientId: uniqueName('decoder-plain'), logLevel: logLevel.NOTHING });
    const topic = uniqueName('decoder');
    await createTopics(library, [{ name: topic, partitions: 1, replicationFactor: 1, configs: {} }]);
    const producer = library.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ value: 'taco' }] });
    } finally {
      await producer.disconnect();
    }
    const decodedByLibrary = async (kafka: Kafka) => {
      const seen: boolean[] = [];
      const consumer = kafka.consumer({ groupId: uniqueName('decoder'), maxWaitTimeInMs: 100 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({ eachBatch: async () => void seen.push(decodesRecordsItself()) });
        await waitFor(() => seen.length > 0, { message: `a batch of ${topic}` });
        return seen[0];
      } finally {
        await consumer.disconnect();
      }
    };
    expect(await decodedByLibrary(library)).toBe(true);
    expect(await decodedByLibrary(plain)).toBe(false);
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

describe('kafkajs fetch decoding bounds', () => {
  /** The offsets of each batch the consumer is handed. */
  async function batchesOf(kafka: Kafka, topic: string, records: number): Promise<string[][]> {
    const batches: string[][] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('bounds'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => void batches.push(batch.messages.map((m) => m.offset)),
      });
      await waitFor(() => batches.flat().length >= records, { message: `${records} records from ${topic}` });
      return batches;
    } finally {
      await consumer.disconnect();
    }
  }

  async function sendZstd(kafka: Kafka, topic: string, batches: Message[][]): Promise<void> {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (const messages of batches) await producer.send({ topic, acks: -1, compression: CompressionTypes.ZSTD, messages });
    } finally {
      await producer.disconnect();
    }
  }

  // Found measuring: twenty such batches in one fetch took a consumer to 1.5 GB, eighty to 5.3 GB;
  // each decoded alone, it stays near 0.5 GB however many come (fetch-decode-budget.ts).
  it('batches that decompress far beyond their size should be handed over a few at a time, not a fetch at once', async () => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const topic = uniqueName('bombs');
    await createTopics(kafka, [{ name: topic, partitions: 1, replicationFactor: 1, configs: {} }]);
    // 40 MB of zeros a record: a few KB compressed, far over the 16 MB a response decodes.
    const zeros = Buffer.alloc(40 * 1024 * 1024);
    await sendZstd(
      kafka,
      topic,
      Array.from({ length: 8 }, (_, i) => [{ key: `bomb-${i}`, value: zeros }]),
    );
    const batches = await batchesOf(kafka, topic, 8);
    expect(batches.flat()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(Math.max(...batches.map((offsets) => offsets.length))).toBe(1);
  });
});
