// Helpers for integration tests on a real broker: unique names, a quiet client, topic
// creation, and reading back raw records to check exactly what went over the wire.
import { randomUUID } from 'node:crypto';
import type { Kafka, Message } from 'kafkajs';
import { createKafkaClient } from '../kafka/client.js';
import { silentLogger, type Logger } from '../logger.js';
import { decodeHeaders } from '../codec/index.js';
import { ensureTopics } from '../topics/provision.js';
import type { TopicLayout } from '../topics/declaration.js';

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function testKafka(brokers: string, logger: Logger = silentLogger): Kafka {
  return createKafkaClient({ brokers: brokers.split(','), clientId: uniqueName('test'), logger });
}

export async function createTopics(kafka: Kafka, topics: readonly TopicLayout[]): Promise<void> {
  await ensureTopics(kafka, topics, silentLogger);
}

export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Reads a topic from the start with a throwaway group until `count` records arrived. */
export async function readRecords(kafka: Kafka, topic: string, count: number, timeoutMs = 30_000): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  // A short fetch wait lets disconnect() return at once instead of after a 5 s long poll.
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          topic,
          partition,
          offset: message.offset,
          timestamp: message.timestamp,
          key: message.key?.toString('utf8') ?? null,
          value: message.value,
          headers: decodeHeaders(message.headers),
        });
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (records.length < count) {
      if (Date.now() > deadline) throw new Error(`Read ${records.length} of ${count} records from ${topic} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/** How many records a topic holds now (sum over partitions of high minus low watermark). */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Writes raw records (any bytes, any headers), as a misbehaving or foreign producer would. */
export async function produceRaw(
  kafka: Kafka,
  topic: string,
  messages: {
    key?: string;
    value: Buffer | string | null;
    headers?: Record<string, string | null>;
    partition?: number;
    timestamp?: string;
  }[],
): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // A null header value is Kafka's own (length -1), which kafkajs's types leave out.
    await producer.send({ topic, acks: -1, messages: messages as Message[] });
  } finally {
    await producer.disconnect();
  }
}
