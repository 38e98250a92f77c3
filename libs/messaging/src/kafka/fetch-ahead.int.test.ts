import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTopics, testKafka, uniqueName } from '../testing/kafka.js';
import { waitFor } from '../testing/wait-for.js';
import { runFetchingAhead } from './fetch-ahead.js';

/**
 * A fetch sent ahead assumes the batches in hand are handled whole. Where they are not, what it
 * brought must not be handed over: the consumer goes on from where it is, every record once.
 */
describe('runFetchingAhead', () => {
  const consumers: Consumer[] = [];
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.disconnect()));
  });

  async function topicWith(kafka: Kafka, records: number): Promise<string> {
    const topic = uniqueName('fetch-ahead');
    await createTopics(kafka, [{ name: topic, partitions: 1, replicationFactor: 1, configs: {} }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // 1 KB each, ten to a record batch: a fetch of 32 KB brings a few batches, never all of them,
    // so there is always more for a fetch to go ahead to.
    for (let first = 0; first < records; first += 10) {
      const messages = Array.from({ length: Math.min(10, records - first) }, (_, i) => ({ value: String(first + i).padEnd(1_024) }));
      await producer.send({ topic, acks: -1, messages });
    }
    await producer.disconnect();
    return topic;
  }

  async function consume(kafka: Kafka, topic: string, eachBatch: (payload: EachBatchPayload) => Promise<void>): Promise<void> {
    const consumer = kafka.consumer({ groupId: uniqueName('fetch-ahead'), maxWaitTimeInMs: 200, maxBytesPerPartition: 32 * 1024 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await runFetchingAhead(consumer, { eachBatchAutoResolve: false, autoCommit: false, eachBatch });
  }

  it('should hand over each record once, in order, when every batch is handled only in part', async () => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const topic = await topicWith(kafka, 300);
    const handled: number[] = [];
    let batches = 0;
    await consume(kafka, topic, async ({ batch, resolveOffset }) => {
      batches++;
      // The first 5 of each batch: the fetch that went ahead started past all of them.
      for (const message of batch.messages.slice(0, 5)) {
        handled.push(Number(message.value!.toString().trim()));
        resolveOffset(message.offset);
      }
    });
    await waitFor(() => handled.at(-1) === 299, { message: 'the last of 300 records' });
    expect(handled).toEqual(Array.from({ length: 300 }, (_, n) => n));
    // Whole batches are larger: each was cut, so the fetch sent ahead of it was never used.
    expect(batches).toBeGreaterThanOrEqual(60);
  });

  it('should go on from a seek made while a batch was handled, not from the fetch that went ahead', async () => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const topic = await topicWith(kafka, 100);
    const handled: number[] = [];
    let sought = false;
    await consume(kafka, topic, async ({ batch, resolveOffset }) => {
      for (const message of batch.messages) {
        handled.push(Number(message.value!.toString().trim()));
        resolveOffset(message.offset);
        if (!sought && message.offset === '59') {
          sought = true;
          consumers[0]!.seek({ topic, partition: 0, offset: '10' });
          return;
        }
      }
    });
    await waitFor(() => handled.length >= 150, { message: '0 to 59, then 10 to 99' });
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(handled).toEqual([...range(0, 59), ...range(10, 99)]);
  });
});
