// The typed producer on the real broker, under concurrency and when an answer is lost: every
// send it acknowledged is in the topic exactly once, at the partition and offset it reported.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { toOrderPlaced } from '../orders/to-order-placed.js';
import { TacoOrder } from '@tacocloud/contract';
import { createTopics, readRecords, SAMPLE_ORDER, testKafka, uniqueName } from '../testing/index.js';
import { startKafkaProxy } from '../testing/kafka-proxy.js';
import { ordersTopic } from '../topics/orders.js';
import { TypedProducer } from './typed-producer.js';

describe('TypedProducer', () => {
  const kafka = testKafka(inject('kafkaBrokers'));
  const producer = new TypedProducer({ kafka });
  afterAll(() => producer.stop());

  it('should put every acknowledged record in the topic once, where its receipt says, under 10,000 concurrent sends', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 6 });
    await createTopics(kafka, [topic]);
    await producer.start();
    const order = TacoOrder.parse(SAMPLE_ORDER);
    const events = Array.from({ length: 10_000 }, () => toOrderPlaced(order, { orderId: crypto.randomUUID(), placedAt: new Date() }));

    const receipts = await Promise.all(events.map((event) => producer.send(topic, event)));

    const records = await readRecords(kafka, topic.name, events.length);
    const stored = new Map(records.map((r) => [`${r.partition}:${r.offset}`, r.key]));
    expect(records).toHaveLength(events.length);
    expect(stored.size).toBe(events.length);
    expect(receipts.every((receipt, i) => stored.get(`${receipt.partition}:${receipt.offset}`) === events[i]!.orderId)).toBe(true);
  });

  it(
    'a record sent after one whose answer was lost, and which kafkajs gave up on, should be stored where its receipt says',
    { timeout: 120_000 },
    async () => {
      const proxy = await startKafkaProxy(inject('kafkaBrokers').split(',')[0]!);
      // Made by createKafkaClient (testKafka above) but for the proxy, and retries short enough that
      // kafkajs gives up reconnecting within the outage: our producer must then not move on.
      const throughProxy = new Kafka({
        clientId: uniqueName('lossy'),
        brokers: inject('kafkaBrokers').split(','),
        socketFactory: proxy.socketFactory,
        logLevel: logLevel.NOTHING,
        retry: { retries: 2, initialRetryTime: 100 },
      });
      const lossy = new TypedProducer({ kafka: throughProxy, sendTimeoutMs: 60_000 });
      try {
        const topic = ordersTopic({ name: uniqueName('orders'), partitions: 1 });
        await createTopics(kafka, [topic]);
        await lossy.start();
        const order = TacoOrder.parse(SAMPLE_ORDER);
        const [first, second] = [1, 2].map(() => toOrderPlaced(order, { orderId: crypto.randomUUID(), placedAt: new Date() }));

        const outageOver = proxy.loseNextProduceAnswer(3_000);
        const firstReceipt = lossy.send(topic, first!).catch((error: Error) => error);
        await outageOver;
        const receipts = [await firstReceipt, await lossy.send(topic, second!)];

        const records = await readRecords(kafka, topic.name, 2);
        expect(records.map((r) => r.key)).toEqual([first!.orderId, second!.orderId]);
        expect(receipts.map((r) => ('key' in r ? `${r.key}@${r.offset}` : r.message))).toEqual(records.map((r) => `${r.key}@${r.offset}`));
      } finally {
        await lossy.stop();
        await proxy.close();
      }
    },
  );
});
