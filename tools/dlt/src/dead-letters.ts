// Reading and replaying a dead-letter topic: what `npm run dlt -- list | replay` runs.
// Replays go back to each record's original topic, key, value and headers unchanged (the
// dead-letter headers dropped), through a consumer group of their own, so a dead letter is
// replayed once however often the command runs.
import type { Kafka, KafkaMessage } from 'kafkajs';
import { idempotentProducer } from '../kafka/producers.js';
import { decodeHeaders } from '../producer/headers.js';
import { DltHeaders } from './dead-letter.js';
import { isoTimestamp } from './timestamp.js';

export interface DeadLetterRecord {
  partition: number;
  offset: string;
  /** When it was dead-lettered, ISO 8601. */
  timestamp: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  original: { topic?: string; partition?: string; offset?: string; consumerGroup?: string };
  reason?: string;
  error?: string;
  attempts?: string;
}

export interface DeadLetterFilter {
  /** Only letters dead-lettered at or after this time. */
  since?: Date;
}

const REPLAYED_FROM = 'dlt-replayed-from';
/** Group join plus the first fetch take well under this on a healthy cluster. */
const IDLE_END_MS = 10_000;

/** Every letter in the DLT now, oldest first per partition; commits nothing. */
export async function listDeadLetters(kafka: Kafka, dltTopic: string, filter: DeadLetterFilter = {}): Promise<DeadLetterRecord[]> {
  const letters: DeadLetterRecord[] = [];
  await consumeToEnd(kafka, dltTopic, `dlt-list-${process.pid}-${Date.now()}`, false, async (partition, message) => {
    const letter = toDeadLetter(partition, message);
    if (!filter.since || Date.parse(letter.timestamp) >= filter.since.getTime()) letters.push(letter);
  });
  return letters.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/** Re-publishes letters not replayed before to their original topics; returns how many. */
export async function replayDeadLetters(kafka: Kafka, dltTopic: string, filter: DeadLetterFilter = {}): Promise<{ replayed: number; skipped: number }> {
  const producer = idempotentProducer(kafka);
  await producer.connect();
  let replayed = 0;
  let skipped = 0;
  try {
    await consumeToEnd(kafka, dltTopic, `dlt-replay.${dltTopic}`, true, async (partition, message) => {
      const letter = toDeadLetter(partition, message);
      if (!letter.original.topic || (filter.since && Date.parse(letter.timestamp) < filter.since.getTime())) {
        skipped++;
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(letter.headers).filter(([name]) => !name.startsWith('kafka_dlt-') && !name.startsWith('dlt-')),
      );
      await producer.send({
        topic: letter.original.topic,
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers: { ...headers, [REPLAYED_FROM]: `${dltTopic}:${partition}:${message.offset}` } }],
      });
      replayed++;
    });
  } finally {
    await producer.disconnect();
  }
  return { replayed, skipped };
}

function toDeadLetter(partition: number, message: KafkaMessage): DeadLetterRecord {
  const headers = decodeHeaders(message.headers);
  return {
    partition,
    offset: message.offset,
    timestamp: isoTimestamp(message.timestamp),
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers,
    original: {
      topic: headers[DltHeaders.originalTopic],
      partition: headers[DltHeaders.originalPartition],
      offset: headers[DltHeaders.originalOffset],
      consumerGroup: headers[DltHeaders.originalConsumerGroup],
    },
    reason: headers[DltHeaders.reason],
    error: headers[DltHeaders.exceptionMessage],
    attempts: headers[DltHeaders.attempts],
  };
}

/** Consumes `topic` in `groupId` until every partition's end (as it was at the start) is reached. */
async function consumeToEnd(
  kafka: Kafka,
  topic: string,
  groupId: string,
  commit: boolean,
  each: (partition: number, message: KafkaMessage) => Promise<void>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(partition, BigInt(high));
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    for (const { partition, offset } of committed?.partitions ?? []) {
      if (BigInt(offset) >= (ends.get(partition) ?? 0n)) ends.delete(partition);
    }
  } finally {
    await admin.disconnect();
  }
  for (const [partition, end] of ends) if (end === 0n) ends.delete(partition);
  if (ends.size === 0) return;

  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  await consumer.connect();
  let idle: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      // Offsets can have gaps (e.g. after retention), so an end never reached is not a hang:
      // a few seconds without a record means everything there was has been read.
      idle = setTimeout(resolve, IDLE_END_MS);
      void consumer
        .run({
          autoCommit: commit,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            clearTimeout(idle);
            idle = setTimeout(resolve, IDLE_END_MS);
            await each(partition, message);
            if (BigInt(message.offset) + 1n >= end) ends.delete(partition);
            if (ends.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await done;
  } finally {
    clearTimeout(idle);
    await consumer.disconnect();
  }
}
